#include "extract/html_tree.h"

#include <cstring>
#include <utility>

namespace newsintel {
namespace {

char Lower(char c) { return (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c; }

// Elements that only an end tag closes: their nesting is what makes gumbo's
// scope checks slow. Estimated without parsing, from tags alone.
bool IsNestingTag(std::string_view name) {
  static const char* const kTags[] = {"div",   "span",  "section", "article", "aside", "main",
                                      "ul",    "ol",    "dl",      "table",   "center", "font",
                                      "header", "footer", "nav",   "figure",  "form",  "blockquote",
                                      "details", "object", "a",    "em",      "strong", "b", "i"};
  for (const char* t : kTags) {
    if (name == t) return true;
  }
  return false;
}

int EstimateDepth(std::string_view page) {
  int depth = 0, max_depth = 0;
  size_t i = 0;
  char name[16];
  while (true) {
    const void* lt = std::memchr(page.data() + i, '<', page.size() - i);
    if (lt == nullptr) break;
    i = static_cast<const char*>(lt) - page.data() + 1;
    bool close = i < page.size() && page[i] == '/';
    size_t p = i + (close ? 1 : 0), n = 0;
    while (p < page.size() && n < sizeof(name) && ((page[p] >= 'a' && page[p] <= 'z') || (page[p] >= 'A' && page[p] <= 'Z'))) {
      name[n++] = Lower(page[p++]);
    }
    if (n == 0 || n == sizeof(name) || !IsNestingTag(std::string_view(name, n))) continue;
    if (close) {
      if (depth > 0) --depth;
    } else if (++depth > max_depth) {
      max_depth = depth;
    }
  }
  return max_depth;
}

bool IsSpaceByte(char c) { return c == ' ' || c == '\n' || c == '\t' || c == '\r' || c == '\f'; }

}  // namespace

void AppendCollapsed(std::string_view text, std::string* out) {
  bool space = out->empty() || out->back() == ' ';
  for (size_t i = 0; i < text.size(); ++i) {
    char c = text[i];
    bool is_space = IsSpaceByte(c);
    if (c == '\xC2' && i + 1 < text.size() && text[i + 1] == '\xA0') {
      is_space = true;
      ++i;
    }
    if (is_space) {
      if (!space) out->push_back(' ');
      space = true;
    } else {
      out->push_back(c);
      space = false;
    }
  }
}

Result<std::unique_ptr<HtmlTree>> HtmlTree::Parse(std::string_view page, int max_depth) {
  if (page.size() > 0xFFFFFFF0u) return Status::InvalidArgument("page over 4 GiB");
  int depth = EstimateDepth(page);
  if (depth > max_depth) {
    return Status::InvalidArgument("HTML nested " + std::to_string(depth) + " levels deep (limit " +
                                   std::to_string(max_depth) + ")");
  }
  GumboOptions options = kGumboDefaultOptions;
  options.max_errors = 0;
  std::unique_ptr<HtmlTree> tree(new HtmlTree());
  tree->page_ = page;
  tree->output_ = gumbo_parse_with_options(&options, page.data(), page.size());
  if (tree->output_ == nullptr || tree->output_->root == nullptr) return Status::Corruption("HTML parser failed");
  // Pre-order walk with an explicit stack; children pushed in reverse.
  std::vector<std::pair<const GumboNode*, int32_t>> stack;
  stack.emplace_back(tree->output_->root, -1);
  auto& nodes = tree->nodes_;
  nodes.reserve(page.size() / 40 + 16);
  while (!stack.empty()) {
    auto [g, parent] = stack.back();
    stack.pop_back();
    HtmlNode n;
    n.node = g;
    n.parent = parent;
    n.is_element = g->type == GUMBO_NODE_ELEMENT || g->type == GUMBO_NODE_TEMPLATE;
    n.is_text = g->type == GUMBO_NODE_TEXT || g->type == GUMBO_NODE_WHITESPACE || g->type == GUMBO_NODE_CDATA;
    n.tag = n.is_element ? g->v.element.tag : GUMBO_TAG_UNKNOWN;
    int32_t index = static_cast<int32_t>(nodes.size());
    nodes.push_back(n);
    if (n.is_element) {
      const GumboVector& children = g->v.element.children;
      for (unsigned k = children.length; k > 0; --k) {
        stack.emplace_back(static_cast<const GumboNode*>(children.data[k - 1]), index);
      }
    }
  }
  // Subtree ends: sizes accumulate bottom-up (children follow parents).
  std::vector<int32_t> size(nodes.size(), 1);
  for (size_t i = nodes.size(); i-- > 1;) size[nodes[i].parent] += size[i];
  for (size_t i = 0; i < nodes.size(); ++i) nodes[i].end = static_cast<int32_t>(i) + size[i];
  return tree;
}

HtmlTree::~HtmlTree() {
  if (output_ != nullptr) gumbo_destroy_output(&kGumboDefaultOptions, output_);
}

const char* HtmlTree::Attr(int i, const char* name) const {
  const HtmlNode& n = nodes_[i];
  if (!n.is_element) return nullptr;
  const GumboAttribute* a = gumbo_get_attribute(&n.node->v.element.attributes, name);
  return a == nullptr ? nullptr : a->value;
}

std::string HtmlTree::TagName(int i) const {
  const HtmlNode& n = nodes_[i];
  if (!n.is_element) return "";
  if (n.tag != GUMBO_TAG_UNKNOWN) return gumbo_normalized_tagname(n.tag);
  GumboStringPiece piece = n.node->v.element.original_tag;
  gumbo_tag_from_original_text(&piece);
  std::string out(piece.data == nullptr ? "" : std::string(piece.data, piece.length));
  for (char& c : out) c = Lower(c);
  return out;
}

std::string HtmlTree::ClassAndId(int i) const {
  std::string out;
  const char* cls = Attr(i, "class");
  const char* id = Attr(i, "id");
  if (cls != nullptr) out = cls;
  if (id != nullptr) {
    if (!out.empty()) out.push_back(' ');
    out += id;
  }
  for (char& c : out) c = Lower(c);
  return out;
}

std::string HtmlTree::Text(int i) const {
  std::string out;
  int end = nodes_[i].end;
  for (int k = i; k < end; ++k) {
    const HtmlNode& n = nodes_[k];
    if (n.is_element && (n.tag == GUMBO_TAG_SCRIPT || n.tag == GUMBO_TAG_STYLE || n.tag == GUMBO_TAG_TEMPLATE)) {
      k = n.end - 1;
      continue;
    }
    if (n.is_text) AppendCollapsed(n.node->v.text.text, &out);
    if (n.is_element && (n.tag == GUMBO_TAG_BR || n.tag == GUMBO_TAG_P || n.tag == GUMBO_TAG_LI ||
                         n.tag == GUMBO_TAG_DIV) && !out.empty() && out.back() != ' ') {
      out.push_back(' ');
    }
  }
  while (!out.empty() && out.back() == ' ') out.pop_back();
  return out;
}

uint32_t HtmlTree::TextOffset(int i) const {
  const GumboText& t = nodes_[i].node->v.text;
  const char* data = t.original_text.data;
  if (data >= page_.data() && data <= page_.data() + page_.size()) return static_cast<uint32_t>(data - page_.data());
  return t.start_pos.offset;
}

int HtmlTree::Find(GumboTag tag, int from, int to) const {
  for (int k = from; k < to; ++k) {
    if (nodes_[k].is_element && nodes_[k].tag == tag) return k;
  }
  return -1;
}

}  // namespace newsintel
