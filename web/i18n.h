// Interface text of the static site in French and English.
//
//   const UiText& t = Ui("fr");
//   html += t.claims;  // "Déclarations"
#ifndef NEWSINTEL_WEB_I18N_H_
#define NEWSINTEL_WEB_I18N_H_

#include <string>

namespace newsintel {
namespace web {

// Immutable tables; every field is plain text (HTML-escaped by the caller).
struct UiText {
  const char* lang;
  const char* site_tagline;
  const char* home;
  const char* search;
  const char* search_placeholder;
  const char* search_button;
  const char* search_hint;
  const char* search_no_result;
  const char* search_results;  // "{n} results"
  const char* search_needs_script;
  const char* entities;
  const char* chips;
  const char* outlets;
  const char* articles;
  const char* claims;
  const char* contradictions;
  const char* latest_allegations;
  const char* open_contradictions;
  const char* rounding_differences;
  const char* latest_articles;
  const char* no_allegations;
  const char* no_contradictions;
  const char* none;
  const char* claim;
  const char* speaker;
  const char* unknown_speaker;
  const char* modality;
  const char* about;
  const char* outlet;
  const char* unknown_outlet;
  const char* date;
  const char* undated;
  const char* author;
  const char* language;
  const char* original_article;
  const char* article_page;
  const char* no_link;
  const char* quoted_sentence;
  const char* reports;           // "Reported by {n} outlets"
  const char* other_reports;
  const char* denies;
  const char* denied_by;
  const char* aliases;
  const char* type;
  const char* wikidata;
  const char* mentions_by_outlet;
  const char* mentions;
  const char* claims_by;
  const char* claims_about;
  const char* figures;
  const char* chips_named;
  const char* articles_mentioning;
  const char* vendor;
  const char* family;
  const char* tpp;
  const char* export_class;
  const char* unknown;
  const char* not_controlled;
  const char* domain;
  const char* value;
  const char* as_written;
  const char* range;
  const char* metric;
  const char* subject;
  const char* unit;
  const char* verdict;
  const char* verdict_conflict;
  const char* verdict_rounding;
  const char* explain_conflict;
  const char* explain_rounding;
  const char* explain_bars;
  const char* number_line;
  const char* in_contradiction;
  const char* claims_in_article;
  const char* entities_named;
  const char* see_all;           // "See all {n}"
  const char* page_of;           // "Page {p} of {n}"
  const char* previous;
  const char* next;
  const char* count_articles;    // "{n} articles"
  const char* count_claims;
  const char* count_entities;
  const char* count_contradictions;
  const char* feed;
  const char* feed_title;
  const char* footer;
  const char* kind_claim;
  const char* kind_entity;
  const char* kind_article;
  const char* kind_chip;
  const char* kind_outlet;
  // Modalities and entity types.
  const char* asserted;
  const char* alleged;
  const char* denied;
  const char* doubted;
  const char* declined;
  const char* type_per;
  const char* type_org;
  const char* type_loc;
  const char* type_model;
  const char* type_event;
  const char* type_misc;
};

// "en" gives English; anything else French.
const UiText& Ui(const std::string& lang);

// The interface language for a content language: "en" or "fr"; `fallback`
// when `lang` is neither.
std::string UiLang(const std::string& lang, const std::string& fallback);

// The label of a modality (asserted, alleged, ...) or entity type (PER, ORG, ...);
// the input itself when unknown.
std::string ModalityLabel(const UiText& t, const std::string& modality);
std::string TypeLabel(const UiText& t, const std::string& type);

// `pattern` with "{n}" (and "{p}") replaced.
std::string Fill(const char* pattern, const std::string& n, const std::string& p = "");

}  // namespace web
}  // namespace newsintel

#endif  // NEWSINTEL_WEB_I18N_H_
