#include "extract/entity_extractor.h"

#include <gtest/gtest.h>

#include <fstream>
#include <iterator>
#include <set>

#include <sys/stat.h>
#include <unistd.h>

#include <unicode/uchar.h>

namespace newsintel {
namespace {

const EntityExtractor& Shared() {
  static const EntityExtractor* x = [] {
    auto made = EntityExtractor::Create(std::string(NEWSINTEL_SOURCE_DIR) + "/lexicons");
    EXPECT_TRUE(made.ok()) << made.status().ToString();
    return made.ok() ? std::move(made).value().release() : nullptr;
  }();
  return *x;
}

// "name|type|text" for every mention, in order; checks the span contract.
std::vector<std::string> Mentions(const std::string& text) {
  std::vector<std::string> out;
  for (const EntityMention& m : Shared().Find(text)) {
    EXPECT_EQ(text.substr(m.start, m.end - m.start), m.text);
    out.push_back(m.name + "|" + m.type + "|" + m.text);
  }
  return out;
}

std::set<std::string> Names(const std::string& text) {
  std::set<std::string> out;
  for (const EntityMention& m : Shared().Find(text)) out.insert(m.name);
  return out;
}

TEST(EntityExtractorTest, FrenchAndEnglishAliasesMerge) {
  EXPECT_EQ(Mentions("La Maison-Blanche a reçu le PDG de Nvidia ; the White House said NVDA fell."),
            (std::vector<std::string>{"White House|ORG|Maison-Blanche", "NVIDIA|ORG|Nvidia",
                                      "White House|ORG|White House", "NVIDIA|ORG|NVDA"}));
  EXPECT_EQ(Names("Pékin répond à Washington ; Beijing replies."),
            (std::set<std::string>{"Beijing", "Washington"}));
}

TEST(EntityExtractorTest, LexiconGivesTypeAndWikidataId) {
  std::vector<EntityMention> found = Shared().Find("Les Etats-Unis surveillent Nvidia.");
  ASSERT_EQ(found.size(), 2u);
  EXPECT_EQ(found[0].name, "United States");
  EXPECT_EQ(found[0].type, "LOC");
  EXPECT_EQ(found[0].id, "Q30");
  EXPECT_TRUE(found[0].in_lexicon);
  EXPECT_EQ(found[1].id, "Q182477");
}

TEST(EntityExtractorTest, CapAndExactFlags) {
  EXPECT_TRUE(Mentions("the information was leaked; a llama and a turkey; an apple.").empty());
  EXPECT_EQ(Names("The information was leaked to The Information by Apple staff."),
            (std::set<std::string>{"The Information", "Apple"}));
}

TEST(EntityExtractorTest, LongestAliasWins) {
  EXPECT_EQ(Mentions("Le ministère américain du Commerce enquête."),
            (std::vector<std::string>{
                "US Department of Commerce|ORG|ministère américain du Commerce"}));
  EXPECT_EQ(Mentions("Il teste DeepSeek R1 puis DeepSeek."),
            (std::vector<std::string>{"DeepSeek-R1|MODEL|DeepSeek R1", "DeepSeek|ORG|DeepSeek"}));
}

TEST(EntityExtractorTest, WordBoundariesAndCase) {
  EXPECT_TRUE(Mentions("Les métadonnées de l'usage, de l'eau et des usines.").empty());
  EXPECT_TRUE(Mentions("an apple and a meta-analysis on us").empty());
  EXPECT_EQ(Names("Aux US et aux EAU, le modèle V3 et la version o1."),
            (std::set<std::string>{"United States", "United Arab Emirates", "DeepSeek-V3", "o1"}));
  EXPECT_TRUE(Mentions("la v3 du logiciel et le r1 du moteur").empty());
}

TEST(EntityExtractorTest, PersonFoundByReportingVerbAfterTheName) {
  EXPECT_EQ(Mentions("Cette décision est risquée, a estimé Lucie Marchand, économiste."),
            (std::vector<std::string>{"Lucie Marchand|PER|Lucie Marchand"}));
  EXPECT_EQ(Names("Peter Quill said the ban would not hold."),
            (std::set<std::string>{"Peter Quill"}));
}

TEST(EntityExtractorTest, PersonFoundByTitleOrRole) {
  EXPECT_EQ(Names("Un porte-parole du groupe, Jean-Marc Tissier, a refusé de commenter."),
            (std::set<std::string>{"Jean-Marc Tissier"}));
  EXPECT_EQ(Names("Selon Amina Diallo, les stocks baissent."), (std::set<std::string>{"Amina Diallo"}));
  EXPECT_EQ(Names("Rosa Lindqvist, directrice de la recherche, le confirme."),
            (std::set<std::string>{"Rosa Lindqvist"}));
  EXPECT_EQ(Names("The company's spokesperson Ravi Menon declined to comment."),
            (std::set<std::string>{"Ravi Menon"}));
  EXPECT_EQ(Names("Former commissioner Ursula von Haber, chief executive of the fund, spoke."),
            (std::set<std::string>{"Ursula von Haber"}));
}

TEST(EntityExtractorTest, TitlesOpeningANameAreNotPartOfIt) {
  EXPECT_EQ(Mentions("President Hana Okafor said talks would resume."),
            (std::vector<std::string>{"Hana Okafor|PER|Hana Okafor"}));
  EXPECT_EQ(Names("Le Directeur Général Bruno Kessel a démenti."), (std::set<std::string>{"Bruno Kessel"}));
}

TEST(EntityExtractorTest, ListedLastNameAfterAnotherFirstNameIsSomeoneElse) {
  EXPECT_EQ(Names("Lorna Trump a déclaré qu'elle votera."), (std::set<std::string>{"Lorna Trump"}));
  EXPECT_EQ(Names("Le président Trump a parlé ; Trump a signé."), (std::set<std::string>{"Donald Trump"}));
}

TEST(EntityExtractorTest, NoPersonWithoutCue) {
  EXPECT_TRUE(Mentions("Hier Soir Encore, rien ne bouge sur Grand Marché.").empty());
  EXPECT_TRUE(Mentions("Tableau Comparatif Des Puces Exportées\n").empty());
  EXPECT_TRUE(Mentions("LES PRÉOCCUPATIONS DU SECTEUR\nMais Pour Autant, rien.").empty());
}

TEST(EntityExtractorTest, SentenceInitialWordsAreNotNames) {
  EXPECT_EQ(Names("Pour Lucie Marchand, a jugé un élu, pour sûr."),
            (std::set<std::string>{"Lucie Marchand"}));
  EXPECT_EQ(Names("Interrogée, Nadia Berrada a déclaré que non."),
            (std::set<std::string>{"Nadia Berrada"}));
  EXPECT_EQ(Names("Les élus votent prudemment.\nPrudemment Nadia Berrada a déclaré oui."),
            (std::set<std::string>{"Nadia Berrada"}));
}

TEST(EntityExtractorTest, LastNameAttachesToFullName) {
  std::vector<EntityMention> found =
      Shared().Find("Paul Verhoeven, analyste chez Acme, doute. Plus tard, Verhoeven a nuancé.");
  ASSERT_EQ(found.size(), 2u);
  EXPECT_EQ(found[1].text, "Verhoeven");
  EXPECT_EQ(found[1].name, "Paul Verhoeven");
  EXPECT_EQ(found[1].type, "PER");
  // Lexicon people too: the last name alone is known once the full name appears.
  EXPECT_EQ(Mentions("Jensen Huang arrive. Huang sourit."),
            (std::vector<std::string>{"Jensen Huang|PER|Jensen Huang", "Jensen Huang|PER|Huang"}));
  // Without the full name in the document, a lone last name is not a person.
  EXPECT_TRUE(Mentions("Plus tard, Verhoeven a nuancé.").empty());
  // After another first name, the same last name is someone else.
  EXPECT_EQ(Names("Paul Verhoeven, analyste, doute. Anna Verhoeven sourit."),
            (std::set<std::string>{"Paul Verhoeven"}));
  // A listed person keeps the lexicon's id on the last name alone.
  std::vector<EntityMention> huang = Shared().Find("Jensen Huang arrive. Huang sourit.");
  ASSERT_EQ(huang.size(), 2u);
  EXPECT_EQ(huang[1].id, huang[0].id);
  EXPECT_TRUE(huang[1].in_lexicon);
}

TEST(EntityExtractorTest, HonorificMakesALastNameAPerson) {
  EXPECT_EQ(Mentions("M. Garnier a précisé les délais."), (std::vector<std::string>{"Garnier|PER|Garnier"}));
  EXPECT_EQ(Mentions("Selon Hélène Garnier, rien ne change. Mme Garnier insiste."),
            (std::vector<std::string>{"Hélène Garnier|PER|Hélène Garnier", "Hélène Garnier|PER|Garnier"}));
  EXPECT_EQ(Names("Ms Okoye declined to comment."), (std::set<std::string>{"Okoye"}));
  // Without an honorific a lone capitalized word is no person.
  EXPECT_TRUE(Names("Garnier a précisé les délais.").empty());
}

TEST(EntityExtractorTest, RepeatsOfAFoundNameNeedNoCue) {
  EXPECT_EQ(Mentions("Selon Omar Haddad, c'est prêt. Omar Haddad sourit."),
            (std::vector<std::string>{"Omar Haddad|PER|Omar Haddad", "Omar Haddad|PER|Omar Haddad"}));
}

TEST(EntityExtractorTest, BylinesAndCredits) {
  EXPECT_EQ(Names("par Claire Fontaine et Hugo Lemaire\n\nLe marché recule."),
            (std::set<std::string>{"Claire Fontaine", "Hugo Lemaire"}));
  EXPECT_EQ(Names("(Reporting by Anna Kowalski and Tom Brady; editing by Kim Park)"),
            (std::set<std::string>{"Anna Kowalski", "Tom Brady", "Kim Park"}));
  // "par" inside a sentence is no byline.
  EXPECT_TRUE(Names("Le texte publié par Grand Conseil Local hier.").empty());
}

TEST(EntityExtractorTest, OrganisationCues) {
  EXPECT_EQ(Mentions("La start-up chinoise Zhaoxin Lab lève des fonds."),
            (std::vector<std::string>{"Zhaoxin Lab|ORG|Zhaoxin Lab"}));
  EXPECT_EQ(Names("Shares of Borealis Inc. rose; Lumen Photonics Corp fell."),
            (std::set<std::string>{"Borealis Inc.", "Lumen Photonics Corp"}));
  // Lower-case "labs" is no company suffix; capitalized "Labs" is.
  EXPECT_TRUE(Names("The top Chinese labs said nothing.").empty());
  EXPECT_EQ(Names("Orbit Labs said nothing."), (std::set<std::string>{"Orbit Labs"}));
  EXPECT_EQ(Names("Le ministère de l'Industrie et le journal The Daily Brief."),
            (std::set<std::string>{"ministère de l'Industrie", "The Daily Brief"}));
}

TEST(EntityExtractorTest, OrganisationNamesContinueThroughOf) {
  EXPECT_EQ(Names("Researchers at the Halden Institute for Quantum Optics said so."),
            (std::set<std::string>{"Halden Institute for Quantum Optics"}));
  EXPECT_EQ(Names("Le ministère de la Transition numérique a tranché."),
            (std::set<std::string>{"ministère de la Transition"}));
}

TEST(EntityExtractorTest, EmployerAfterTitleIsNoPerson) {
  // The capitalized words after "head of" name the employer.
  EXPECT_EQ(Names("said Mira Solberg, head of Cloud Platforms at the bank."),
            (std::set<std::string>{"Mira Solberg"}));
  EXPECT_EQ(Names("Tomas Vinter, Chief Strategy Officer, said the deal is off."),
            (std::set<std::string>{"Tomas Vinter"}));
  EXPECT_EQ(Names("Taiwan's president Tsai Ing-wen said no."), (std::set<std::string>{"Taiwan", "Tsai Ing-wen"}));
}

TEST(EntityExtractorTest, ReaderCommentsGiveNoJunk) {
  EXPECT_TRUE(Names("3 commentaires\n\nLaissez votre commentaire\n\nEn réponse à Some User\n").empty());
}

std::string ReadSeed(const std::string& name) {
  std::ifstream in(std::string(NEWSINTEL_SOURCE_DIR) + "/../shared/seeds/" + name, std::ios::binary);
  return std::string(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
}

TEST(EntityExtractorTest, SeedSpeakersAreFoundWithoutBeingListed) {
  std::string text = ReadSeed("002_a706b72ec4215bda.txt");
  if (text.empty()) GTEST_SKIP() << "seeds not available";
  std::set<std::string> unlisted;
  for (const EntityMention& m : Shared().Find(text)) {
    EXPECT_EQ(text.substr(m.start, m.end - m.start), m.text);
    if (!m.in_lexicon && m.type == "PER") unlisted.insert(m.name);
  }
  for (const char* name : {"Chris McGuire", "Saif Khan", "Mao Ning", "Steve Holland", "Alexandra Alper"}) {
    EXPECT_TRUE(unlisted.count(name)) << name;
  }
}

TEST(EntityExtractorTest, BadLexiconLineIsReported) {
  char dir[] = "/tmp/entity_lexXXXXXX";
  ASSERT_NE(mkdtemp(dir), nullptr);
  std::string root = dir;
  mkdir((root + "/entities").c_str(), 0755);
  std::ofstream(root + "/entities/a.tsv") << "ORG\tAcme\t\tAcme Corp\nORG\tBolt\t\tacme corp\n";
  std::ofstream(root + "/name_cues.tsv") << "PER_VERB\tsaid\n";
  auto made = EntityExtractor::Create(root);
  ASSERT_FALSE(made.ok());
  EXPECT_NE(made.status().message().find("entities/a.tsv:2: alias 'acme corp' already names 'Acme'"),
            std::string::npos)
      << made.status().message();
  std::ofstream(root + "/entities/a.tsv") << "ORG\tAcme\n";
  std::ofstream(root + "/name_cues.tsv") << "PER_VERB\tsaid\nWHO\tknows\n";
  made = EntityExtractor::Create(root);
  ASSERT_FALSE(made.ok());
  EXPECT_NE(made.status().message().find("name_cues.tsv:2: unknown cue kind 'WHO'"), std::string::npos)
      << made.status().message();
  std::remove((root + "/entities/a.tsv").c_str());
  std::remove((root + "/name_cues.tsv").c_str());
  rmdir((root + "/entities").c_str());
  rmdir(dir);
}

TEST(EntityExtractorTest, AsciiShortcutsAgreeWithIcu) {
  // NameShaped, AllLower and AliasMatcher's case checks answer ASCII bytes
  // without ICU; these are ICU's answers.
  for (UChar32 c = 0; c < 0x80; ++c) {
    bool upper = c >= 'A' && c <= 'Z';
    bool lower = c >= 'a' && c <= 'z';
    EXPECT_EQ(u_isalpha(c) != 0, upper || lower) << c;
    EXPECT_EQ(u_islower(c) != 0, lower) << c;
    EXPECT_EQ(u_isupper(c) != 0 || u_istitle(c) != 0, upper) << c;
  }
}

}  // namespace
}  // namespace newsintel
