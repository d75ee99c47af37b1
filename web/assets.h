// Static files of the site (web/assets/: style.css, search.js), compiled into
// the library so that the binary alone can export a site.
//
//   std::string_view css = AssetContent("style.css");
#ifndef NEWSINTEL_WEB_ASSETS_H_
#define NEWSINTEL_WEB_ASSETS_H_

#include <string_view>
#include <vector>

namespace newsintel {
namespace web {

struct Asset {
  const char* name;  // file name in the site root
  std::string_view content;
};

// Every asset, sorted by name. Generated at build time from web/assets/.
const std::vector<Asset>& Assets();

// The content of asset `name`, or "" when there is none.
std::string_view AssetContent(std::string_view name);

}  // namespace web
}  // namespace newsintel

#endif  // NEWSINTEL_WEB_ASSETS_H_
