#include "extract/html_article.h"

#include <gumbo.h>

#include <memory>

#include "extract/document.h"

namespace newsintel {
namespace {

struct GumboDeleter {
  void operator()(GumboOutput* out) const { gumbo_destroy_output(&kGumboDefaultOptions, out); }
};

bool IsSkipped(GumboTag tag) {
  switch (tag) {
    case GUMBO_TAG_SCRIPT: case GUMBO_TAG_STYLE: case GUMBO_TAG_NAV: case GUMBO_TAG_HEADER:
    case GUMBO_TAG_FOOTER: case GUMBO_TAG_ASIDE: case GUMBO_TAG_FORM: case GUMBO_TAG_NOSCRIPT:
    case GUMBO_TAG_TEMPLATE: case GUMBO_TAG_IFRAME: case GUMBO_TAG_SVG: case GUMBO_TAG_BUTTON:
    case GUMBO_TAG_FIGCAPTION: case GUMBO_TAG_SELECT:
      return true;
    default:
      return false;
  }
}

bool IsBlock(GumboTag tag) {
  switch (tag) {
    case GUMBO_TAG_P: case GUMBO_TAG_H2: case GUMBO_TAG_H3: case GUMBO_TAG_H4:
    case GUMBO_TAG_H5: case GUMBO_TAG_H6: case GUMBO_TAG_LI: case GUMBO_TAG_BLOCKQUOTE:
    case GUMBO_TAG_PRE: case GUMBO_TAG_DIV: case GUMBO_TAG_BR: case GUMBO_TAG_TR:
    case GUMBO_TAG_SECTION: case GUMBO_TAG_ARTICLE: case GUMBO_TAG_H1:
      return true;
    default:
      return false;
  }
}

class TextCollector {
 public:
  explicit TextCollector(Document* doc) : doc_(doc) {}

  void Walk(const GumboNode* node, int depth) {
    if (depth > 2000) return;
    if (node->type == GUMBO_NODE_TEXT || node->type == GUMBO_NODE_WHITESPACE ||
        node->type == GUMBO_NODE_CDATA) {
      AppendText(node->v.text.text, node->v.text.start_pos.offset);
      return;
    }
    if (node->type != GUMBO_NODE_ELEMENT) return;
    GumboTag tag = node->v.element.tag;
    if (IsSkipped(tag)) return;
    bool block = IsBlock(tag);
    if (block) BreakLine(node->v.element.start_pos.offset);
    const GumboVector& children = node->v.element.children;
    for (unsigned i = 0; i < children.length; ++i) {
      Walk(static_cast<const GumboNode*>(children.data[i]), depth + 1);
    }
    if (block) BreakLine(node->v.element.end_pos.offset);
  }

  void Finish(size_t page_size) {
    while (!doc_->text.empty() && (doc_->text.back() == ' ' || doc_->text.back() == '\n')) {
      doc_->text.pop_back();
      doc_->source_offsets.pop_back();
    }
    doc_->source_offsets.push_back(static_cast<uint32_t>(page_size));
  }

 private:
  void Push(char c, uint32_t offset) {
    doc_->text.push_back(c);
    doc_->source_offsets.push_back(offset);
  }

  void BreakLine(uint32_t offset) {
    while (!doc_->text.empty() && doc_->text.back() == ' ') {
      doc_->text.pop_back();
      doc_->source_offsets.pop_back();
    }
    if (!doc_->text.empty() && doc_->text.back() != '\n') Push('\n', offset);
  }

  void AppendText(const char* text, uint32_t offset) {
    for (size_t i = 0; text[i] != '\0'; ++i) {
      char c = text[i];
      bool space = c == ' ' || c == '\n' || c == '\t' || c == '\r';
      if (space) {
        if (!doc_->text.empty() && doc_->text.back() != ' ' && doc_->text.back() != '\n') {
          Push(' ', offset);
        }
        continue;
      }
      Push(c, offset);
    }
  }

  Document* doc_;
};

const GumboNode* FindFirst(const GumboNode* node, GumboTag tag, int depth) {
  if (node->type != GUMBO_NODE_ELEMENT || depth > 2000) return nullptr;
  if (node->v.element.tag == tag) return node;
  const GumboVector& children = node->v.element.children;
  for (unsigned i = 0; i < children.length; ++i) {
    const GumboNode* found = FindFirst(static_cast<const GumboNode*>(children.data[i]), tag, depth + 1);
    if (found != nullptr) return found;
  }
  return nullptr;
}

std::string InnerText(const GumboNode* node) {
  std::string out;
  if (node == nullptr || node->type != GUMBO_NODE_ELEMENT) return out;
  const GumboVector& children = node->v.element.children;
  for (unsigned i = 0; i < children.length; ++i) {
    const auto* child = static_cast<const GumboNode*>(children.data[i]);
    if (child->type == GUMBO_NODE_TEXT) out += child->v.text.text;
  }
  return out;
}

}  // namespace

Result<Document> DocumentFromHtml(const std::string& html, const HtmlOptions& options) {
  if (html.size() > options.max_bytes) {
    return Status::InvalidArgument("page of " + std::to_string(html.size()) + " bytes is over the limit");
  }
  std::string bytes = html;
  SanitizeUtf8(&bytes);
  std::unique_ptr<GumboOutput, GumboDeleter> out(
      gumbo_parse_with_options(&kGumboDefaultOptions, bytes.data(), bytes.size()));
  if (!out) return Status::Corruption("HTML parser failed");
  Document doc;
  const GumboNode* root = out->root;
  if (root->type == GUMBO_NODE_ELEMENT) {
    GumboAttribute* lang = gumbo_get_attribute(&root->v.element.attributes, "lang");
    if (lang != nullptr) doc.lang = std::string(lang->value).substr(0, 2);
  }
  doc.title = InnerText(FindFirst(root, GUMBO_TAG_TITLE, 0));
  const GumboNode* body = FindFirst(root, GUMBO_TAG_BODY, 0);
  TextCollector collector(&doc);
  if (body != nullptr) collector.Walk(body, 0);
  collector.Finish(bytes.size());
  if (doc.lang.empty()) doc.lang = GuessLanguage(doc.text);
  if (doc.lang.empty()) doc.lang = options.default_lang;
  doc.url = options.base_url;
  return doc;
}

}  // namespace newsintel
