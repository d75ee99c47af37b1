#include "crawler/curl_library.h"

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <string>

namespace newsintel {
namespace {

size_t Append(char* data, size_t size, size_t n, void* user) {
  static_cast<std::string*>(user)->append(data, size * n);
  return size * n;
}

TEST(CurlLibraryTest, LoadsOnceAndEveryFunctionIsResolved) {
  Result<const CurlLibrary*> curl = LoadCurl();
  ASSERT_TRUE(curl.ok()) << curl.status().ToString();
  Result<const CurlLibrary*> again = LoadCurl();
  ASSERT_TRUE(again.ok());
  EXPECT_EQ(*curl, *again);
  const CurlLibrary& c = **curl;
  const void* functions[] = {
      reinterpret_cast<const void*>(c.global_init),    reinterpret_cast<const void*>(c.easy_init),
      reinterpret_cast<const void*>(c.easy_cleanup),   reinterpret_cast<const void*>(c.easy_reset),
      reinterpret_cast<const void*>(c.easy_setopt),    reinterpret_cast<const void*>(c.easy_getinfo),
      reinterpret_cast<const void*>(c.easy_perform),   reinterpret_cast<const void*>(c.easy_strerror),
      reinterpret_cast<const void*>(c.easy_header),    reinterpret_cast<const void*>(c.slist_append),
      reinterpret_cast<const void*>(c.slist_free_all), reinterpret_cast<const void*>(c.multi_init),
      reinterpret_cast<const void*>(c.multi_cleanup),  reinterpret_cast<const void*>(c.multi_setopt),
      reinterpret_cast<const void*>(c.multi_add_handle), reinterpret_cast<const void*>(c.multi_remove_handle),
      reinterpret_cast<const void*>(c.multi_perform),  reinterpret_cast<const void*>(c.multi_poll),
      reinterpret_cast<const void*>(c.multi_wakeup),   reinterpret_cast<const void*>(c.multi_info_read),
      reinterpret_cast<const void*>(c.multi_strerror),
  };
  for (size_t i = 0; i < sizeof(functions) / sizeof(functions[0]); ++i) EXPECT_NE(functions[i], nullptr) << i;
  EXPECT_STREQ(c.easy_strerror(CURLE_OK), "No error");
  EXPECT_STREQ(c.multi_strerror(CURLM_OK), "No error");
}

// The variadic setopt/getinfo pass strings, longs, pointers and callbacks
// through the table: a file:// transfer needs no network.
TEST(CurlLibraryTest, ATransferGoesThroughTheTable) {
  Result<const CurlLibrary*> loaded = LoadCurl();
  ASSERT_TRUE(loaded.ok()) << loaded.status().ToString();
  const CurlLibrary& c = **loaded;
  std::filesystem::path dir = std::filesystem::path(NEWSINTEL_BINARY_DIR) / "curl-library-test";
  std::filesystem::create_directories(dir);
  std::string path = (dir / "page.txt").string();
  std::ofstream(path) << "fetched through dlopen\n";

  CURL* easy = c.easy_init();
  ASSERT_NE(easy, nullptr);
  std::string body;
  std::string url = "file://" + path;
  EXPECT_EQ(c.easy_setopt(easy, CURLOPT_URL, url.c_str()), CURLE_OK);
  EXPECT_EQ(c.easy_setopt(easy, CURLOPT_PROTOCOLS_STR, "file"), CURLE_OK);
  EXPECT_EQ(c.easy_setopt(easy, CURLOPT_NOSIGNAL, 1L), CURLE_OK);
  EXPECT_EQ(c.easy_setopt(easy, CURLOPT_WRITEFUNCTION, &Append), CURLE_OK);
  EXPECT_EQ(c.easy_setopt(easy, CURLOPT_WRITEDATA, &body), CURLE_OK);
  EXPECT_EQ(c.easy_perform(easy), CURLE_OK);
  EXPECT_EQ(body, "fetched through dlopen\n");
  char* effective = nullptr;
  EXPECT_EQ(c.easy_getinfo(easy, CURLINFO_EFFECTIVE_URL, &effective), CURLE_OK);
  ASSERT_NE(effective, nullptr);
  EXPECT_EQ(std::string(effective), url);

  // A refused scheme comes back as a CURLcode, with its message.
  c.easy_reset(easy);
  c.easy_setopt(easy, CURLOPT_URL, url.c_str());
  c.easy_setopt(easy, CURLOPT_PROTOCOLS_STR, "http,https");
  CURLcode refused = c.easy_perform(easy);
  EXPECT_EQ(refused, CURLE_UNSUPPORTED_PROTOCOL);
  EXPECT_NE(std::string(c.easy_strerror(refused)).find("protocol"), std::string::npos);
  c.easy_cleanup(easy);

  curl_slist* list = c.slist_append(nullptr, "Accept: text/plain");
  ASSERT_NE(list, nullptr);
  EXPECT_STREQ(list->data, "Accept: text/plain");
  c.slist_free_all(list);
}

TEST(CurlLibraryTest, AMissingLibraryIsAnErrorNamingIt) {
  Result<CurlLibrary> lib = LoadCurlFrom("libnewsintel-no-such-curl.so.4");
  ASSERT_FALSE(lib.ok());
  EXPECT_EQ(lib.status().code(), Status::Code::kNotFound);
  EXPECT_NE(lib.status().message().find("libnewsintel-no-such-curl.so.4"), std::string::npos)
      << lib.status().ToString();
  EXPECT_NE(lib.status().message().find("libcurl"), std::string::npos) << lib.status().ToString();
}

TEST(CurlLibraryTest, ALibraryWithoutTheFunctionsIsAnErrorNamingTheSymbol) {
  // libc is loaded in every process and has none of libcurl's functions.
  Result<CurlLibrary> lib = LoadCurlFrom("libc.so.6");
  ASSERT_FALSE(lib.ok());
  EXPECT_EQ(lib.status().code(), Status::Code::kNotFound);
  EXPECT_NE(lib.status().message().find("libc.so.6"), std::string::npos) << lib.status().ToString();
  EXPECT_NE(lib.status().message().find("curl_global_init"), std::string::npos) << lib.status().ToString();
}

TEST(CurlLibraryTest, LoadingTheSameLibraryTwiceGivesTheSameFunctions) {
  Result<CurlLibrary> a = LoadCurlFrom(kCurlSoname);
  Result<CurlLibrary> b = LoadCurlFrom(kCurlSoname);
  ASSERT_TRUE(a.ok()) << a.status().ToString();
  ASSERT_TRUE(b.ok()) << b.status().ToString();
  EXPECT_EQ(a->easy_setopt, b->easy_setopt);
  EXPECT_EQ(a->multi_poll, b->multi_poll);
}

}  // namespace
}  // namespace newsintel
