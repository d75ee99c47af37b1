#include "web/assets.h"

namespace newsintel {
namespace web {

std::string_view AssetContent(std::string_view name) {
  for (const Asset& a : Assets()) {
    if (name == a.name) return a.content;
  }
  return {};
}

}  // namespace web
}  // namespace newsintel
