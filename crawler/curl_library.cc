#include "crawler/curl_library.h"

#include <dlfcn.h>

#include <string>
#include <type_traits>

namespace newsintel {

const char kCurlSoname[] = "libcurl.so.4";

namespace {

std::string DlError() {
  const char* e = dlerror();
  return e != nullptr ? e : "unknown error";
}

}  // namespace

Result<CurlLibrary> LoadCurlFrom(const char* soname) {
  void* handle = dlopen(soname, RTLD_NOW | RTLD_LOCAL);
  if (handle == nullptr) {
    return Status::NotFound(std::string("cannot load libcurl (") + soname + "), needed to fetch URLs: " + DlError());
  }
  CurlLibrary lib;
  const char* missing = nullptr;
  auto resolve = [&](const char* name, auto* fn) {
    if (missing != nullptr) return;
    void* symbol = dlsym(handle, name);
    if (symbol == nullptr) {
      missing = name;
      return;
    }
    *fn = reinterpret_cast<std::remove_pointer_t<decltype(fn)>>(symbol);
  };
  // The member is the symbol's name without "curl_": spelled once.
#define NEWSINTEL_RESOLVE_CURL(member) resolve("curl_" #member, &lib.member)
  NEWSINTEL_RESOLVE_CURL(global_init);
  NEWSINTEL_RESOLVE_CURL(easy_init);
  NEWSINTEL_RESOLVE_CURL(easy_cleanup);
  NEWSINTEL_RESOLVE_CURL(easy_reset);
  NEWSINTEL_RESOLVE_CURL(easy_setopt);
  NEWSINTEL_RESOLVE_CURL(easy_getinfo);
  NEWSINTEL_RESOLVE_CURL(easy_perform);
  NEWSINTEL_RESOLVE_CURL(easy_strerror);
  NEWSINTEL_RESOLVE_CURL(easy_header);
  NEWSINTEL_RESOLVE_CURL(slist_append);
  NEWSINTEL_RESOLVE_CURL(slist_free_all);
  NEWSINTEL_RESOLVE_CURL(multi_init);
  NEWSINTEL_RESOLVE_CURL(multi_cleanup);
  NEWSINTEL_RESOLVE_CURL(multi_setopt);
  NEWSINTEL_RESOLVE_CURL(multi_add_handle);
  NEWSINTEL_RESOLVE_CURL(multi_remove_handle);
  NEWSINTEL_RESOLVE_CURL(multi_perform);
  NEWSINTEL_RESOLVE_CURL(multi_poll);
  NEWSINTEL_RESOLVE_CURL(multi_wakeup);
  NEWSINTEL_RESOLVE_CURL(multi_info_read);
  NEWSINTEL_RESOLVE_CURL(multi_strerror);
#undef NEWSINTEL_RESOLVE_CURL
  if (missing != nullptr) {
    dlclose(handle);
    return Status::NotFound(std::string(soname) + " has no function " + missing +
                            " (newsintel needs libcurl 7.83 or later to fetch URLs)");
  }
  return lib;
}

Result<const CurlLibrary*> LoadCurl() {
  static const Result<CurlLibrary> loaded = []() -> Result<CurlLibrary> {
    Result<CurlLibrary> lib = LoadCurlFrom(kCurlSoname);
    if (!lib.ok()) return lib;
    CURLcode rc = lib->global_init(CURL_GLOBAL_DEFAULT);
    if (rc != CURLE_OK) return Status::Internal(std::string("curl_global_init: ") + lib->easy_strerror(rc));
    return lib;
  }();
  if (!loaded.ok()) return loaded.status();
  return &*loaded;
}

}  // namespace newsintel
