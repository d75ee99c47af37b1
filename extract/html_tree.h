// A gumbo parse tree flattened into a pre-order array, so that every pass over
// it is a loop (no recursion: 10 000 nested elements cost nothing special).
//
//   Result<std::unique_ptr<HtmlTree>> tree = HtmlTree::Parse(utf8_page);
//   for (int i = 0; i < (*tree)->size(); ++i) { const HtmlNode& n = (*tree)->node(i); ... }
//   // The subtree of node i is the index range [i, node(i).end).
#ifndef NEWSINTEL_EXTRACT_HTML_TREE_H_
#define NEWSINTEL_EXTRACT_HTML_TREE_H_

#include <gumbo.h>

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "extract/status.h"

namespace newsintel {

// One node of the flattened tree. `node` points into the gumbo output.
struct HtmlNode {
  const GumboNode* node = nullptr;
  int32_t parent = -1;
  int32_t end = 0;  // one past the last node of this subtree
  GumboTag tag = GUMBO_TAG_UNKNOWN;
  bool is_element = false;
  bool is_text = false;  // text, whitespace or CDATA
};

// Owns the gumbo output for one page; the page bytes must outlive it.
// Immutable after Parse(); thread-compatible.
class HtmlTree {
 public:
  // Parses UTF-8 `page` (which must stay alive and unchanged). Refuses pages
  // whose estimated element nesting exceeds `max_depth` (gumbo's tree
  // construction is quadratic in depth).
  static Result<std::unique_ptr<HtmlTree>> Parse(std::string_view page, int max_depth = 25000);
  ~HtmlTree();
  HtmlTree(const HtmlTree&) = delete;
  HtmlTree& operator=(const HtmlTree&) = delete;

  int size() const { return static_cast<int>(nodes_.size()); }
  const HtmlNode& node(int i) const { return nodes_[i]; }
  std::string_view page() const { return page_; }

  // Attribute value of element i, or nullptr.
  const char* Attr(int i, const char* name) const;
  // Lower-cased tag name of element i (also for tags gumbo does not know).
  std::string TagName(int i) const;
  // Lower-cased "class id" of element i ("" if neither).
  std::string ClassAndId(int i) const;
  // The decoded text of the subtree, whitespace collapsed, trimmed.
  std::string Text(int i) const;
  // Byte offset in the page where text node i's original text starts.
  uint32_t TextOffset(int i) const;
  // The first element with `tag` in [from, to), or -1.
  int Find(GumboTag tag, int from, int to) const;

 private:
  HtmlTree() = default;
  std::string_view page_;
  GumboOutput* output_ = nullptr;
  std::vector<HtmlNode> nodes_;
};

// Appends `text` to `out` collapsing whitespace runs (incl. U+00A0) into one space.
void AppendCollapsed(std::string_view text, std::string* out);

}  // namespace newsintel

#endif  // NEWSINTEL_EXTRACT_HTML_TREE_H_
