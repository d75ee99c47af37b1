// libcurl loaded at run time (dlopen) on first use, so that the commands
// which never fetch (extract, ingest, queries, export-web) do not pay for
// loading libcurl and the ~30 libraries it needs (TLS, Kerberos, LDAP, SSH,
// HTTP/2) when the process starts.
//
//   Result<const CurlLibrary*> curl = LoadCurl();
//   if (!curl.ok()) return curl.status();
//   CURL* easy = (*curl)->easy_init();
//   (*curl)->easy_setopt(easy, CURLOPT_URL, "https://example.com/");
//
// <curl/curl.h> still gives the types and constants; only the functions come
// through the table. Needs libcurl 7.83 or later (curl_easy_header).
#ifndef NEWSINTEL_CRAWLER_CURL_LIBRARY_H_
#define NEWSINTEL_CRAWLER_CURL_LIBRARY_H_

#include <curl/curl.h>

#include "extract/status.h"

namespace newsintel {

// The soname LoadCurl() opens.
extern const char kCurlSoname[];

// The libcurl functions newsintel calls, resolved from one loaded library;
// each member is the function of the same name with the "curl_" prefix
// (easy_setopt is curl_easy_setopt, variadic like it). Never null in a table
// returned by LoadCurl or LoadCurlFrom. Plain immutable data: share freely.
struct CurlLibrary {
  decltype(&::curl_global_init) global_init = nullptr;
  decltype(&::curl_easy_init) easy_init = nullptr;
  decltype(&::curl_easy_cleanup) easy_cleanup = nullptr;
  decltype(&::curl_easy_reset) easy_reset = nullptr;
  decltype(&::curl_easy_setopt) easy_setopt = nullptr;
  decltype(&::curl_easy_getinfo) easy_getinfo = nullptr;
  decltype(&::curl_easy_perform) easy_perform = nullptr;
  decltype(&::curl_easy_strerror) easy_strerror = nullptr;
  decltype(&::curl_easy_header) easy_header = nullptr;
  decltype(&::curl_slist_append) slist_append = nullptr;
  decltype(&::curl_slist_free_all) slist_free_all = nullptr;
  decltype(&::curl_multi_init) multi_init = nullptr;
  decltype(&::curl_multi_cleanup) multi_cleanup = nullptr;
  decltype(&::curl_multi_setopt) multi_setopt = nullptr;
  decltype(&::curl_multi_add_handle) multi_add_handle = nullptr;
  decltype(&::curl_multi_remove_handle) multi_remove_handle = nullptr;
  decltype(&::curl_multi_perform) multi_perform = nullptr;
  decltype(&::curl_multi_poll) multi_poll = nullptr;
  decltype(&::curl_multi_wakeup) multi_wakeup = nullptr;
  decltype(&::curl_multi_info_read) multi_info_read = nullptr;
  decltype(&::curl_multi_strerror) multi_strerror = nullptr;
};

// The process's libcurl (kCurlSoname), opened and curl_global_init'ed on the
// first call; later calls return the same table or the same error. The table
// lives in a function-local static: it is immutable once built and the
// library stays loaded for the life of the process (dlopen is process-wide
// anyway), so any thread may call this and use the table.
// NotFound when the library or one of its functions cannot be found,
// Internal when curl_global_init fails.
Result<const CurlLibrary*> LoadCurl();

// Opens `soname` (RTLD_NOW | RTLD_LOCAL) and resolves every function of
// CurlLibrary in it, without curl_global_init. On success the library stays
// loaded for good (the table points into it). NotFound, naming the library
// and the missing symbol, when it cannot be opened or lacks a function.
// Thread-safe. LoadCurl() is what programs want; this is its testable part.
Result<CurlLibrary> LoadCurlFrom(const char* soname);

}  // namespace newsintel

#endif  // NEWSINTEL_CRAWLER_CURL_LIBRARY_H_
