#include "extract/claim_extractor.h"

#include <cstdio>
#include <fstream>
#include <iterator>
#include <memory>
#include <string>
#include <thread>
#include <vector>

#include <sys/stat.h>
#include <gtest/gtest.h>

#include "extract/document.h"
#include "extract/normalize.h"
#include "extract/sentences.h"

namespace newsintel {
namespace {

const char kLexicons[] = NEWSINTEL_SOURCE_DIR "/lexicons";

// An entity to place in Extraction::entities at every occurrence of `surface`.
struct Ent {
  std::string surface, name, type;
};

class ClaimExtractorTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    auto x = ClaimExtractor::Create(kLexicons);
    ASSERT_TRUE(x.ok()) << x.status().ToString();
    extractor_ = std::move(*x).release();
  }
  static void TearDownTestSuite() {
    delete extractor_;
    extractor_ = nullptr;
  }

  // Runs the extractor on `text` with hand-built entities; checks every span.
  std::vector<Claim> Run(const std::string& text, const std::string& lang,
                         const std::vector<Ent>& entities = {}) {
    Extraction out;
    out.document.doc = "test";
    out.document.lang = lang;
    out.document.text = text;
    for (const Ent& e : entities) {
      for (size_t p = text.find(e.surface); p != std::string::npos; p = text.find(e.surface, p + 1)) {
        EntityMention m;
        m.name = e.name;
        m.type = e.type;
        m.text = e.surface;
        m.start = static_cast<uint32_t>(p);
        m.end = static_cast<uint32_t>(p + e.surface.size());
        out.entities.push_back(m);
      }
    }
    ExtractContext context;
    context.doc = &out.document;
    context.folded = FoldedText::Fold(text);
    SentenceSplitter splitter;
    context.sentences = splitter.Split(text, lang);
    extractor_->Run(context, &out);
    for (const Claim& c : out.claims) {
      EXPECT_LE(c.end, text.size());
      EXPECT_EQ(c.text, text.substr(c.start, c.end - c.start));
    }
    return out.claims;
  }

  // The one claim whose text contains `needle`.
  static const Claim* Find(const std::vector<Claim>& claims, const std::string& needle) {
    for (const Claim& c : claims) {
      if (c.text.find(needle) != std::string::npos) return &c;
    }
    return nullptr;
  }

  static ClaimExtractor* extractor_;
};

ClaimExtractor* ClaimExtractorTest::extractor_ = nullptr;

#define EXPECT_CLAIM(claims, needle, want_speaker, want_modality)                 \
  do {                                                                          \
    const Claim* c_ = Find(claims, needle);                                     \
    ASSERT_NE(c_, nullptr) << "no claim contains: " << needle;                  \
    EXPECT_EQ(c_->speaker, want_speaker) << c_->text;                           \
    EXPECT_EQ(c_->modality, want_modality) << c_->text;                         \
  } while (0)

// ---- French reporting verbs ----------------------------------------------------

TEST_F(ClaimExtractorTest, FrenchADeclareWithApposition) {
  auto claims = Run("Le ministre de l'Économie, Paul Martin, a déclaré mardi que les ventes de "
                    "processeurs allaient ralentir.",
                    "fr", {{"Paul Martin", "Paul Martin", "PER"}});
  ASSERT_EQ(claims.size(), 1u);
  EXPECT_EQ(claims[0].speaker, "Paul Martin");
  EXPECT_EQ(claims[0].modality, "asserted");
  EXPECT_EQ(claims[0].speaker_start, claims[0].text.find("Paul Martin"));
}

TEST_F(ClaimExtractorTest, FrenchAffirmeResolvesToCanonicalName) {
  auto claims = Run("Samsung affirme que ses usines coréennes tournent à plein régime.", "fr",
                    {{"Samsung", "Samsung Electronics", "ORG"}});
  EXPECT_CLAIM(claims, "tournent à plein", "Samsung Electronics", "asserted");
  ASSERT_EQ(claims.size(), 1u);
  EXPECT_TRUE(claims[0].about.empty());  // the speaker is not what the claim is about
}

TEST_F(ClaimExtractorTest, FrenchEstimeWithInstitutionApposition) {
  auto claims = Run("La banque Natixis estime que la demande en mémoire restera forte jusqu'en 2027.",
                    "fr", {{"Natixis", "Natixis", "ORG"}});
  EXPECT_CLAIM(claims, "restera forte", "Natixis", "asserted");
}

TEST_F(ClaimExtractorTest, FrenchAjouteWithPronounTakesLastSpeaker) {
  auto claims = Run("Selon Marie Durand, analyste chez Gartner, le marché des serveurs a doublé. "
                    "Elle ajoute que les prix devraient baisser l'an prochain.",
                    "fr", {{"Marie Durand", "Marie Durand", "PER"}, {"Gartner", "Gartner", "ORG"}});
  EXPECT_CLAIM(claims, "a doublé", "Marie Durand", "asserted");
  EXPECT_CLAIM(claims, "les prix devraient baisser", "Marie Durand", "asserted");
}

TEST_F(ClaimExtractorTest, FrenchAJugeIncise) {
  auto claims = Run("« Cette décision est une erreur historique pour nos laboratoires », a jugé "
                    "Pierre Lefèvre, député de la Somme.",
                    "fr", {{"Pierre Lefèvre", "Pierre Lefèvre", "PER"}});
  EXPECT_CLAIM(claims, "erreur historique", "Pierre Lefèvre", "asserted");
}

TEST_F(ClaimExtractorTest, FrenchATIlInsisteAfterQuote) {
  auto claims = Run("Marc Dubois, porte-parole d'Intel, a expliqué que le groupe suivait les règles. "
                    "« Nous respectons toutes les règles d'exportation », a-t-il insisté.",
                    "fr", {{"Marc Dubois", "Marc Dubois", "PER"}, {"Intel", "Intel", "ORG"}});
  EXPECT_CLAIM(claims, "suivait les règles", "Marc Dubois", "asserted");
  EXPECT_CLAIM(claims, "Nous respectons", "Marc Dubois", "asserted");
}

TEST_F(ClaimExtractorTest, FrenchInvertedPresentAjouteTElle) {
  auto claims = Run("La juge Claire Petit a rendu sa décision hier. « Le dossier est solide », "
                    "ajoute-t-elle.",
                    "fr", {{"Claire Petit", "Claire Petit", "PER"}});
  EXPECT_CLAIM(claims, "Le dossier est solide", "Claire Petit", "asserted");
}

TEST_F(ClaimExtractorTest, FrenchIndiqueQueFromADocument) {
  auto claims = Run("La sénatrice Lucie Bernard a écrit au gouvernement. Son courrier indique que "
                    "les aides ont été mal ciblées.",
                    "fr", {{"Lucie Bernard", "Lucie Bernard", "PER"}});
  EXPECT_CLAIM(claims, "mal ciblées", "Lucie Bernard", "asserted");
}

// ---- French frames ----------------------------------------------------------------

TEST_F(ClaimExtractorTest, FrenchSelon) {
  auto claims = Run("Selon Bloomberg, Huawei prépare une nouvelle puce pour ses centres de données.",
                    "fr", {{"Bloomberg", "Bloomberg", "ORG"}, {"Huawei", "Huawei", "ORG"}});
  EXPECT_CLAIM(claims, "nouvelle puce", "Bloomberg", "asserted");
  ASSERT_EQ(claims.size(), 1u);
  EXPECT_EQ(claims[0].about, std::vector<std::string>{"Huawei"});
}

TEST_F(ClaimExtractorTest, FrenchPourXAtSentenceStartOnly) {
  auto claims = Run("Pour Jean Tirole, la concurrence reste la meilleure des régulations. "
                    "Pour autant, le secteur reste très concentré. "
                    "Les usines tournent pour les clients américains.",
                    "fr", {{"Jean Tirole", "Jean Tirole", "PER"}});
  ASSERT_EQ(claims.size(), 1u);
  EXPECT_CLAIM(claims, "meilleure des régulations", "Jean Tirole", "asserted");
}

TEST_F(ClaimExtractorTest, FrenchPourLuiTakesLastSpeaker) {
  auto claims = Run("Pour Jean Tirole, la concurrence reste la meilleure des régulations. "
                    "Pour lui, « les subventions massives finissent toujours par coûter cher ».",
                    "fr", {{"Jean Tirole", "Jean Tirole", "PER"}});
  EXPECT_CLAIM(claims, "finissent toujours", "Jean Tirole", "asserted");
}

TEST_F(ClaimExtractorTest, FrenchDApresAgency) {
  auto claims = Run("D'après l'agence Moody's, la dette du fabricant reste soutenable.", "fr",
                    {{"Moody's", "Moody's", "ORG"}});
  EXPECT_CLAIM(claims, "reste soutenable", "Moody's", "asserted");
}

TEST_F(ClaimExtractorTest, FrenchDuCoteDeWithImpersonalOn) {
  auto claims = Run("Du côté de Renault, on fait valoir que les délais étaient connus de tous.", "fr",
                    {{"Renault", "Renault", "ORG"}});
  EXPECT_CLAIM(claims, "délais étaient connus", "Renault", "asserted");
}

TEST_F(ClaimExtractorTest, FrenchDuCoteDeAloneIsNotAClaim) {
  auto claims = Run("Le projet avance bien du côté de Grenoble.", "fr",
                    {{"Grenoble", "Grenoble", "LOC"}});
  EXPECT_TRUE(claims.empty());
}

// ---- speakers by role -------------------------------------------------------------

TEST_F(ClaimExtractorTest, FrenchRolePhraseAfterIncise) {
  auto claims = Run("Le contrat a été signé en secret, a déclaré jeudi à l'AFP un diplomate européen "
                    "en poste à Pékin.",
                    "fr", {{"AFP", "AFP", "ORG"}, {"Pékin", "Beijing", "LOC"}});
  EXPECT_CLAIM(claims, "signé en secret", "un diplomate européen en poste à Pékin", "asserted");
}

TEST_F(ClaimExtractorTest, FrenchTheOfficialCorefersWithLastSpeakerOfThatRole) {
  auto claims = Run("Un haut fonctionnaire du ministère a confirmé que l'enquête avançait. "
                    "Samsung a refusé de commenter. "
                    "Le fonctionnaire a ajouté que des sanctions étaient envisagées.",
                    "fr", {{"Samsung", "Samsung", "ORG"}});
  EXPECT_CLAIM(claims, "l'enquête avançait", "Un haut fonctionnaire du ministère", "asserted");
  EXPECT_CLAIM(claims, "Samsung a refusé", "Samsung", "declined");
  EXPECT_CLAIM(claims, "sanctions étaient envisagées", "Un haut fonctionnaire du ministère",
               "asserted");
}

TEST_F(ClaimExtractorTest, FrenchCompanyRunByPersonResolvesToCompany) {
  auto claims = Run("AMD a présenté sa feuille de route à San Francisco. Dans un communiqué, "
                    "l'entreprise dirigée par Lisa Su assure que ses accélérateurs seront livrés en juin.",
                    "fr", {{"AMD", "AMD", "ORG"}, {"Lisa Su", "Lisa Su", "PER"},
                           {"San Francisco", "San Francisco", "LOC"}});
  EXPECT_CLAIM(claims, "seront livrés en juin", "AMD", "asserted");
}

TEST_F(ClaimExtractorTest, FrenchRelativeQuiTakesThePersonNotTheAgent) {
  auto claims = Run("Le choix de Sophie Roux par le Premier ministre, qui estime que l'industrie doit "
                    "être relocalisée, a surpris.",
                    "fr", {{"Sophie Roux", "Sophie Roux", "PER"}});
  EXPECT_CLAIM(claims, "doit être relocalisée", "Sophie Roux", "asserted");
}

TEST_F(ClaimExtractorTest, FrenchUnknownNameFoundByCapitals) {
  auto claims = Run("« Les stocks sont presque vides », a déclaré Yannick Morvan, gérant d'un magasin.",
                    "fr");
  EXPECT_CLAIM(claims, "stocks sont presque vides", "Yannick Morvan", "asserted");
}

// ---- quotes ---------------------------------------------------------------------------

TEST_F(ClaimExtractorTest, FrenchQuoteOverSeveralSentencesIsOneClaim) {
  std::string text = "« Nous avons investi massivement. Nos clients attendent des résultats. Nous les "
                     "livrerons », a déclaré la directrice financière, Anne Caron.";
  auto claims = Run(text, "fr", {{"Anne Caron", "Anne Caron", "PER"}});
  ASSERT_EQ(claims.size(), 1u);
  EXPECT_EQ(claims[0].start, 0u);
  EXPECT_EQ(claims[0].end, text.size());
  EXPECT_EQ(claims[0].speaker, "Anne Caron");
}

TEST_F(ClaimExtractorTest, FrenchColonIntroducesQuotedParagraph) {
  auto claims = Run("Selon Dell, la baisse est passagère :\n\nNos commandes ne montrent aucun signe de "
                    "ralentissement. Nous restons confiants pour l'année\".\n\nLe titre a progressé.",
                    "fr", {{"Dell", "Dell", "ORG"}});
  EXPECT_CLAIM(claims, "aucun signe de ralentissement", "Dell", "denied");
  EXPECT_EQ(Find(claims, "Le titre a progressé"), nullptr);
}

TEST_F(ClaimExtractorTest, EnglishCurlyQuoteWithSpeakerAfter) {
  auto claims = Run("\xE2\x80\x9CThe rules are clear and we follow them,\xE2\x80\x9D said Tom Baker, "
                    "a trade lawyer.",
                    "en", {{"Tom Baker", "Tom Baker", "PER"}});
  EXPECT_CLAIM(claims, "rules are clear", "Tom Baker", "asserted");
}

// ---- French modality --------------------------------------------------------------------

TEST_F(ClaimExtractorTest, FrenchConditionalIsAlleged) {
  auto claims = Run("Le groupe aurait livré des milliers de cartes graphiques à des intermédiaires. "
                    "Ces puces seraient passées par la Malaisie.",
                    "fr");
  EXPECT_CLAIM(claims, "aurait livré", "", "alleged");
  EXPECT_CLAIM(claims, "seraient passées", "", "alleged");
}

TEST_F(ClaimExtractorTest, FrenchHedgeMakesReportedClaimAlleged) {
  auto claims = Run("Le chercheur Paul Girard estime que les données ont probablement été copiées.",
                    "fr", {{"Paul Girard", "Paul Girard", "PER"}});
  EXPECT_CLAIM(claims, "probablement été copiées", "Paul Girard", "alleged");
}

TEST_F(ClaimExtractorTest, FrenchHedgeAloneIsNotAClaim) {
  auto claims = Run("Les prix vont probablement augmenter cet hiver.", "fr");
  EXPECT_TRUE(claims.empty());
}

TEST_F(ClaimExtractorTest, FrenchSelonDesSourcesIsAlleged) {
  auto claims = Run("Selon des sources proches du dossier, la fusion sera annoncée lundi.", "fr");
  const Claim* c = Find(claims, "la fusion sera annoncée");
  ASSERT_NE(c, nullptr);
  EXPECT_EQ(c->modality, "alleged");
}

TEST_F(ClaimExtractorTest, FrenchAccusations) {
  auto claims = Run("Les enquêteurs soupçonnent la société d'avoir dissimulé des ventes. "
                    "Le fournisseur est accusé d'avoir contourné l'embargo. "
                    "L'entreprise fait face à de nouvelles allégations de fraude comptable.",
                    "fr");
  EXPECT_CLAIM(claims, "dissimulé des ventes", "Les enquêteurs", "alleged");
  EXPECT_CLAIM(claims, "contourné l'embargo", "", "alleged");
  EXPECT_CLAIM(claims, "fraude comptable", "", "alleged");
}

TEST_F(ClaimExtractorTest, FrenchReportOfAReportIsAlleged) {
  auto claims = Run("Le quotidien Les Échos avait rapporté que la filiale serait vendue.", "fr",
                    {{"Les Échos", "Les Échos", "ORG"}});
  EXPECT_CLAIM(claims, "filiale serait vendue", "Les Échos", "alleged");
}

TEST_F(ClaimExtractorTest, FrenchInvestigationIsAlleged) {
  auto claims = Run("La Commission européenne envisage d'enquêter pour savoir si Oracle a abusé de sa "
                    "position.",
                    "fr", {{"Commission européenne", "European Commission", "ORG"},
                           {"Oracle", "Oracle", "ORG"}});
  EXPECT_CLAIM(claims, "a abusé de sa position", "European Commission", "alleged");
}

TEST_F(ClaimExtractorTest, FrenchDenials) {
  auto claims = Run("Le constructeur Tesla dément toute participation au projet. "
                    "Le ministre nie avoir reçu la lettre. "
                    "Selon Apple, ses chiffres de ventes n'indiquent pas de recul en Europe. "
                    "Orange déclare que les audits ne montrent aucun signe de fraude. "
                    "Le porte-parole, Louis Henry, a déclaré que Paris n'était pas au courant de l'accord.",
                    "fr", {{"Tesla", "Tesla", "ORG"}, {"Apple", "Apple", "ORG"},
                           {"Orange", "Orange", "ORG"}, {"Louis Henry", "Louis Henry", "PER"},
                           {"Paris", "Paris", "LOC"}});
  EXPECT_CLAIM(claims, "toute participation", "Tesla", "denied");
  EXPECT_CLAIM(claims, "avoir reçu la lettre", "Le ministre", "denied");
  EXPECT_CLAIM(claims, "pas de recul", "Apple", "denied");
  EXPECT_CLAIM(claims, "aucun signe de fraude", "Orange", "denied");
  EXPECT_CLAIM(claims, "pas au courant", "Louis Henry", "denied");
}

TEST_F(ClaimExtractorTest, FrenchDoubts) {
  auto claims = Run("Plusieurs économistes, dont Hélène Roy, expriment des doutes sur la solidité de ces "
                    "prévisions. Le syndicat met en doute la sincérité des comptes.",
                    "fr", {{"Hélène Roy", "Hélène Roy", "PER"}});
  EXPECT_CLAIM(claims, "solidité de ces", "Plusieurs économistes", "doubted");
  EXPECT_CLAIM(claims, "sincérité des comptes", "Le syndicat", "doubted");
}

TEST_F(ClaimExtractorTest, FrenchDeclined) {
  auto claims = Run("Le groupe Airbus a refusé de commenter. "
                    "Les avocats de la société n'ont pas répondu à nos sollicitations.",
                    "fr", {{"Airbus", "Airbus", "ORG"}});
  EXPECT_CLAIM(claims, "refusé de commenter", "Airbus", "declined");
  EXPECT_CLAIM(claims, "n'ont pas répondu", "Les avocats de la société", "declined");
}

TEST_F(ClaimExtractorTest, FrenchPlainFactsAreNotClaims) {
  auto claims = Run("Le marché des semi-conducteurs a progressé de 12 % en 2024. "
                    "Le coût du projet est estimé à 3 millions d'euros. "
                    "La note de l'agence a été relevée.",
                    "fr");
  EXPECT_TRUE(claims.empty()) << claims[0].text;
}

// ---- English --------------------------------------------------------------------------

TEST_F(ClaimExtractorTest, EnglishSaidAndHeSaid) {
  auto claims = Run("Lisa Su, AMD's chief executive, told analysts that demand was strong. "
                    "\"We will not ship these parts to restricted buyers,\" she said.",
                    "en", {{"Lisa Su", "Lisa Su", "PER"}, {"AMD", "AMD", "ORG"}});
  EXPECT_CLAIM(claims, "demand was strong", "Lisa Su", "asserted");
  EXPECT_CLAIM(claims, "restricted buyers", "Lisa Su", "asserted");
}

TEST_F(ClaimExtractorTest, EnglishSaidOnDayAndTold) {
  auto claims = Run("Intel said on Tuesday that its Ohio plant would open in 2027. "
                    "Micron told Reuters prices would rise.",
                    "en", {{"Intel", "Intel", "ORG"}, {"Micron", "Micron", "ORG"},
                           {"Reuters", "Reuters", "ORG"}, {"Ohio", "Ohio", "LOC"}});
  EXPECT_CLAIM(claims, "Ohio plant", "Intel", "asserted");
  EXPECT_CLAIM(claims, "prices would rise", "Micron", "asserted");
}

TEST_F(ClaimExtractorTest, EnglishAccordingTo) {
  auto claims = Run("According to Gartner, chip sales rose 20% last year.", "en",
                    {{"Gartner", "Gartner", "ORG"}});
  EXPECT_CLAIM(claims, "chip sales rose", "Gartner", "asserted");
}

TEST_F(ClaimExtractorTest, EnglishClaimedAllegedReportedly) {
  auto claims = Run("The startup claimed it trained the model for under $6 million. "
                    "Prosecutors alleged that the firm shipped servers through Malaysia. "
                    "The company reportedly bought 10,000 accelerators.",
                    "en");
  EXPECT_CLAIM(claims, "trained the model", "The startup", "alleged");
  EXPECT_CLAIM(claims, "shipped servers", "Prosecutors", "alleged");
  EXPECT_CLAIM(claims, "reportedly bought", "", "alleged");
}

TEST_F(ClaimExtractorTest, EnglishDeniedDeclinedQuestioned) {
  auto claims = Run("Samsung denied the report. "
                    "A spokesperson for Qualcomm declined to comment. "
                    "Analysts questioned whether the figures were accurate. "
                    "The Commerce Department did not respond to a request for comment.",
                    "en", {{"Samsung", "Samsung", "ORG"}, {"Qualcomm", "Qualcomm", "ORG"},
                           {"Commerce Department", "US Department of Commerce", "ORG"}});
  EXPECT_CLAIM(claims, "denied the report", "Samsung", "denied");
  EXPECT_CLAIM(claims, "declined to comment", "A spokesperson for Qualcomm", "declined");
  EXPECT_CLAIM(claims, "figures were accurate", "Analysts", "doubted");
  EXPECT_CLAIM(claims, "did not respond", "US Department of Commerce", "declined");
}

TEST_F(ClaimExtractorTest, EnglishTheOfficial) {
  auto claims = Run("A senior administration official said the chips were smuggled. "
                    "The official added that an inquiry was under way.",
                    "en");
  EXPECT_CLAIM(claims, "inquiry was under way", "A senior administration official", "asserted");
}

TEST_F(ClaimExtractorTest, EnglishNamesBeforeTheHeadNoun) {
  auto claims = Run("Arm chief executive Rene Haas said the licence fees would rise. "
                    "The Cambridge company says its designs ship in billions of phones. "
                    "A senior Pentagon official said the review had started. "
                    "A Microsoft spokesperson declined to comment.",
                    "en", {{"Arm", "Arm Holdings", "ORG"}, {"Rene Haas", "Rene Haas", "PER"},
                           {"Pentagon", "Pentagon", "ORG"}, {"Cambridge", "Cambridge", "LOC"},
                           {"Microsoft", "Microsoft", "ORG"}});
  EXPECT_CLAIM(claims, "licence fees", "Rene Haas", "asserted");
  EXPECT_CLAIM(claims, "review had started", "Pentagon", "asserted");
  EXPECT_CLAIM(claims, "billions of phones", "Arm Holdings", "asserted");
  EXPECT_CLAIM(claims, "declined to comment", "Microsoft", "declined");
}

TEST_F(ClaimExtractorTest, EnglishIsSaidToHasNoSpeaker) {
  auto claims = Run("The lab is said to have rented servers in Malaysia.", "en",
                    {{"Malaysia", "Malaysia", "LOC"}});
  EXPECT_CLAIM(claims, "rented servers", "", "alleged");
}

TEST_F(ClaimExtractorTest, EnglishWouldNotSayIsDeclined) {
  auto claims = Run("A trade official said the shipment had been stopped. "
                    "The official would not say where the cards were found.",
                    "en");
  EXPECT_CLAIM(claims, "would not say", "A trade official", "declined");
}

TEST_F(ClaimExtractorTest, EnglishSpeakerAfterAReportedClause) {
  auto claims = Run("The export licences were suspended last month, a senior Commerce Department "
                    "official said on Monday.",
                    "en", {{"Commerce Department", "US Department of Commerce", "ORG"}});
  const Claim* c = Find(claims, "licences were suspended");
  ASSERT_NE(c, nullptr);
  EXPECT_EQ(c->speaker, "US Department of Commerce");
}

TEST_F(ClaimExtractorTest, FrenchSubjectWithRelativeClauseBeforeCommaVerb) {
  auto claims = Run("Julie Moreau, qui dirige la commission des finances, a écrit au ministre, "
                    "Thomas Leroy, pour demander un audit.",
                    "fr", {{"Julie Moreau", "Julie Moreau", "PER"},
                           {"Thomas Leroy", "Thomas Leroy", "PER"}});
  EXPECT_CLAIM(claims, "demander un audit", "Julie Moreau", "asserted");
}

TEST_F(ClaimExtractorTest, FrenchRolePhraseStopsAtTheVerb) {
  auto claims = Run("Plusieurs élus écologistes ont déjà fait savoir qu'ils voteraient contre.", "fr");
  EXPECT_CLAIM(claims, "voteraient contre", "Plusieurs élus écologistes", "asserted");
}

TEST_F(ClaimExtractorTest, FrenchRoleIntroducedWithNameCorefers) {
  auto claims = Run("Le texte a été déposé, selon la députée Inès Garnier. "
                    "Chiffres à l'appui, la députée bretonne affirme que le coût a triplé.",
                    "fr", {{"Inès Garnier", "Inès Garnier", "PER"}});
  EXPECT_CLAIM(claims, "coût a triplé", "Inès Garnier", "asserted");
}

TEST_F(ClaimExtractorTest, FrenchSubjectAfterConjunction) {
  auto claims = Run("La polémique enfle lorsque le sénateur rappelle que les fonds ont disparu.", "fr");
  EXPECT_CLAIM(claims, "fonds ont disparu", "le sénateur", "asserted");
}

TEST_F(ClaimExtractorTest, FrenchPronounFallsBackToSubjectOfPreviousSentence) {
  auto claims = Run("Hugo Marchand, nommé par Emma Lopez à la tête de l'agence, a promis des contrôles. "
                    "« Rien ne passera la frontière », a-t-il lancé.",
                    "fr", {{"Hugo Marchand", "Hugo Marchand", "PER"}, {"Emma Lopez", "Emma Lopez", "PER"}});
  EXPECT_CLAIM(claims, "Rien ne passera", "Hugo Marchand", "asserted");
}

TEST_F(ClaimExtractorTest, FrenchCapitalizedCommonNounOpeningASentenceIsNotAName) {
  auto claims = Run("Rapports internes à l'appui, le syndicat affirme que les primes ont baissé.", "fr");
  EXPECT_CLAIM(claims, "primes ont baissé", "le syndicat", "asserted");
}

TEST_F(ClaimExtractorTest, EnglishHedgesAccusationsAndRefutations) {
  auto claims = Run("The broker allegedly routed orders through a shell company. "
                    "Analysts at Bernstein said the ban would likely be extended. "
                    "Investigators suspect that the drives were copied in March. "
                    "The ministry refuted the allegations on Friday.",
                    "en", {{"Bernstein", "Bernstein", "ORG"}});
  EXPECT_CLAIM(claims, "routed orders", "", "alleged");
  EXPECT_CLAIM(claims, "likely be extended", "Analysts at Bernstein", "alleged");
  EXPECT_CLAIM(claims, "drives were copied", "Investigators", "alleged");
  EXPECT_CLAIM(claims, "refuted the allegations", "The ministry", "denied");
}

TEST_F(ClaimExtractorTest, EnglishLikelyAloneIsNotAClaim) {
  auto claims = Run("Memory prices will likely fall in the spring.", "en");
  EXPECT_TRUE(claims.empty());
}

TEST_F(ClaimExtractorTest, ClaimsRunConcurrently) {
  std::string text = "Selon Bloomberg, Huawei prépare une nouvelle puce. Il ajoute que la production "
                     "commencera en avril. Le groupe aurait déjà recruté des ingénieurs.";
  auto expected = Run(text, "fr", {{"Bloomberg", "Bloomberg", "ORG"}, {"Huawei", "Huawei", "ORG"}});
  ASSERT_EQ(expected.size(), 3u);
  std::vector<std::thread> threads;
  std::vector<std::vector<Claim>> results(4);
  for (int i = 0; i < 4; ++i) {
    threads.emplace_back([&, i] {
      for (int k = 0; k < 50; ++k) {
        results[i] = Run(text, "fr", {{"Bloomberg", "Bloomberg", "ORG"}, {"Huawei", "Huawei", "ORG"}});
      }
    });
  }
  for (std::thread& t : threads) t.join();
  for (const auto& r : results) {
    ASSERT_EQ(r.size(), expected.size());
    for (size_t k = 0; k < r.size(); ++k) {
      EXPECT_EQ(r[k].speaker, expected[k].speaker);
      EXPECT_EQ(r[k].start, expected[k].start);
      EXPECT_EQ(r[k].modality, expected[k].modality);
    }
  }
}

// ---- what is not the article ------------------------------------------------------------------

TEST_F(ClaimExtractorTest, ReaderCommentsYieldNoClaim) {
  std::string text =
      "Le fondeur TSMC a déclaré que ses usines japonaises ouvriraient en mai.\n"
      "(Source : AFP)\n\n"
      "Une photo de l'usine\n\n"
      "Kevin\n\n"
      "  • Il faudra probablement tout revoir, selon moi, mais le ministre a déclaré que tout allait bien.\n\n"
      "    Franchement, on nous aurait menti depuis le début.\n\n"
      "3 commentaires\n\n"
      "Laissez votre commentaire\n";
  auto claims = Run(text, "fr", {{"TSMC", "TSMC", "ORG"}});
  ASSERT_EQ(claims.size(), 1u);
  EXPECT_EQ(claims[0].speaker, "TSMC");
}

TEST_F(ClaimExtractorTest, EnglishCommentsSectionAfterArticle) {
  std::string text =
      "The regulator said the merger would be reviewed.\n"
      "Share this article\n"
      "Leave a comment\n"
      "jdoe: The CEO allegedly lied, and the board said nothing.\n";
  auto claims = Run(text, "en");
  ASSERT_EQ(claims.size(), 1u);
  EXPECT_NE(claims[0].text.find("merger"), std::string::npos);
}

TEST_F(ClaimExtractorTest, RepliesAndCommentHeadingsCloseTheArticle) {
  std::string text =
      "Le régulateur a affirmé que l'amende serait confirmée.\n\n"
      "Commentaires (2)\n\n"
      "Paul34 : le ministre a déclaré le contraire hier.\n\n"
      "En réponse à Paul34\n\n"
      "Selon mon cousin, tout cela aurait été arrangé.\n";
  auto claims = Run(text, "fr");
  ASSERT_EQ(claims.size(), 1u);
  EXPECT_NE(claims[0].text.find("amende"), std::string::npos);
}

TEST_F(ClaimExtractorTest, CaptionRepeatedAsHeadingYieldsNoClaim) {
  std::string text =
      "Le patron de Foxconn aurait quitté Taïwan\n"
      "Le conseil d'administration a confirmé que la réunion aurait lieu jeudi.\n"
      "Le patron de Foxconn aurait quitté Taïwan\n";
  auto claims = Run(text, "fr", {{"Foxconn", "Foxconn", "ORG"}, {"Taïwan", "Taiwan", "LOC"}});
  ASSERT_EQ(claims.size(), 1u);
  EXPECT_NE(claims[0].text.find("réunion"), std::string::npos);
}

TEST_F(ClaimExtractorTest, BylinesAndCreditsYieldNoClaim) {
  std::string text =
      "par Alice Martin et Bruno Lemaire\n\n"
      "Le régulateur a affirmé que la fusion serait examinée.\n\n"
      "(Rédigé par Alice Martin ; édité par Claire Dupuis)\n";
  auto claims = Run(text, "fr");
  ASSERT_EQ(claims.size(), 1u);
  EXPECT_NE(claims[0].text.find("fusion"), std::string::npos);
}

TEST_F(ClaimExtractorTest, SeedReaderCommentsYieldNoClaim) {
  std::ifstream in(NEWSINTEL_SOURCE_DIR "/../shared/seeds/001_80d7a342f51b1562.txt");
  if (!in) GTEST_SKIP() << "seeds not available";
  std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  size_t bullet = text.find("\xE2\x80\xA2");  // the first user comment
  ASSERT_NE(bullet, std::string::npos);
  auto claims = Run(text, "fr");
  EXPECT_FALSE(claims.empty());
  for (const Claim& c : claims) EXPECT_LT(c.end, bullet) << c.text;
}

// ---- lexicon validation -----------------------------------------------------------------------

class ClaimLexiconTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = ::testing::TempDir() + "claim_lexicon_test";
    mkdir(dir_.c_str(), 0755);
    for (const char* name : {"claim_cues.tsv", "claim_speakers.tsv", "claim_boilerplate.tsv"}) {
      std::ifstream in(std::string(kLexicons) + "/" + name);
      std::ofstream out(dir_ + "/" + name);
      out << in.rdbuf();
    }
  }
  void Append(const std::string& name, const std::string& line) {
    std::ofstream out(dir_ + "/" + name, std::ios::app);
    out << line << "\n";
  }
  std::string dir_;
};

TEST_F(ClaimLexiconTest, CopiedLexiconsLoad) { EXPECT_TRUE(ClaimExtractor::Create(dir_).ok()); }

TEST_F(ClaimLexiconTest, BadCueKindNamesFileAndLine) {
  Append("claim_cues.tsv", "affabule\tfr\tgossip\tasserted\tsubject\t1");
  auto x = ClaimExtractor::Create(dir_);
  ASSERT_FALSE(x.ok());
  EXPECT_NE(x.status().message().find("claim_cues.tsv:"), std::string::npos) << x.status().ToString();
  EXPECT_NE(x.status().message().find("gossip"), std::string::npos);
}

TEST_F(ClaimLexiconTest, BadRegexIsRejected) {
  Append("claim_cues.tsv", "(unclosed\tfr\tverb\tasserted\tsubject\t1");
  auto x = ClaimExtractor::Create(dir_);
  ASSERT_FALSE(x.ok());
  EXPECT_NE(x.status().message().find("bad pattern"), std::string::npos);
}

TEST_F(ClaimLexiconTest, UnknownMacroIsRejected) {
  Append("claim_cues.tsv", "{nosuch} dit\tfr\tverb\tasserted\tsubject\t1");
  EXPECT_FALSE(ClaimExtractor::Create(dir_).ok());
}

TEST_F(ClaimLexiconTest, BadSpeakerWordKind) {
  Append("claim_speakers.tsv", "quelqu'un\tfr\tsomeone");
  auto x = ClaimExtractor::Create(dir_);
  ASSERT_FALSE(x.ok());
  EXPECT_NE(x.status().message().find("claim_speakers.tsv:"), std::string::npos);
}

TEST_F(ClaimLexiconTest, MissingFileIsAnError) {
  std::remove((dir_ + "/claim_boilerplate.tsv").c_str());
  auto x = ClaimExtractor::Create(dir_);
  ASSERT_FALSE(x.ok());
  EXPECT_NE(x.status().message().find("claim_boilerplate.tsv"), std::string::npos);
}

}  // namespace
}  // namespace newsintel
