// The built-in compact lexicon: general sentiment words of German and English
// social-media text about companies (customer service, products, delivery,
// prices, apps, employers), written for OneVoice. Valences use VADER's -4 .. 4
// scale. Words are lower case; German forms that Snowball stems differently
// ("enttäuscht" / "enttäuschend") are listed separately. A leading "=" keeps
// a word out of the stem index, where it would catch neutral words ("helpful"
// → "help", "spät" → "später", "like" → "likely").
#include "commands/listening/sentiment/sentiment_lexicon.hpp"

#include "commands/listening/sentiment/sentiment_stemmer.hpp"
#include "commands/listening/sentiment/sentiment_text.hpp"

#include <algorithm>
#include <array>
#include <cctype>
#include <utility>

namespace onevoice::commands::sentiment_detail {
namespace {

constexpr std::array k_german = {
    ValenceGroup{3.2F, "hervorragend ausgezeichnet genial großartig fantastisch phantastisch "
                       "grandios perfekt traumhaft wunderbar wundervoll sensationell überragend "
                       "spitze spitzenmäßig weltklasse erstklassig liebt geliebt "
                       "begeistert begeisternd begeisterung traumhaft herausragend"},
    ValenceGroup{2.6F,
                 "super mega toll klasse prima exzellent beste bester bestes besten empfehlenswert "
                 "empfehlen empfehle empfehlung empfohlen glücklich zufrieden zufriedenheit "
                 "lob loben gelobt schön wow juhu yeah geil lecker dankbar freue freuen freut "
                 "freu gefreut gefällt gefallen gefiel überzeugt überzeugend beeindruckt "
                 "beeindruckend wunderschön klasse spitzenklasse vorbildlich herrlich froh erfreut "
                 "erleichtert stolz lobenswert weiterempfehlen zuvorkommend hochwertig"},
    ValenceGroup{
        2.0F,
        "gut besser kompetent kompetenz freundlich nett hilfsbereit hilfreich "
        "zuverlässig pünktlich problemlos reibungslos unkompliziert kulant kulanz "
        "fair bequem sympathisch angenehm bestens gerne positiv lohnt lohnenswert "
        "gelungen respektvoll wertschätzung wertschätzend motiviert spannend "
        "herzlich lieb liebe lieben schnell top happy professionell sorgfältig stark "
        "preiswert günstig aufmerksam vertrauenswürdig vertrauen robust langlebig erfolgreich "
        "erfolg fröhlich cool"},
    ValenceGroup{
        1.5F, "danke dank bedanken bedankt gelöst geholfen hilft stabil flüssig sauber "
              "flexibel schnelle entspannt gern günstiger fix zügig rasch erreichbar "
              "solide ordentlich freundlichkeit kostenlos gratis funktioniert "
              "funktionieren klappt geklappt erledigt passt edel intuitiv nützlich übersichtlich "
              "transparent"},
    ValenceGroup{0.9F, "okay ok korrekt ausreichend akzeptabel brauchbar"},
    ValenceGroup{-0.8F, "überstunden =druck warte warten gewartet wartezeit warteschleife"},
    ValenceGroup{-1.2F, "leider komisch billig teuer teurer problem probleme fehlt fehlen fehlte "
                        "reklamation storniert abgelehnt ablehnung nachgelassen =spät zweifel "
                        "vergeblich umständlich kompliziert"},
    ValenceGroup{
        -1.6F,
        "fehler langsam falsch falsche verloren verschwunden lahm stress stressig "
        "chaos chaotisch bug bugs verbuggt buggy absturz abstürze stürzt abgestürzt "
        "beschwerde beschweren beschwert unbequem schade traurig verwirrend "
        "fail versagt versagen verspätet verspätung verspätungen mangel mängel "
        "überteuert unzuverlässig dreckig schmutzig beschädigt defekt kaputt störung ausfall "
        "entlassen entlassungen besorgt fehlerhaft falschlieferung abgelaufen zerkratzt undicht "
        "unorganisiert unerreichbar"},
    ValenceGroup{
        -2.4F,
        "schlecht schlechter mies enttäuscht enttäuschend enttäuschung enttäuschen "
        "wütend wut sauer verärgert ärgerlich ärger ärgert ärgere mangelhaft "
        "unfreundlich unhöflich unhöflichkeit respektlos inkompetent nutzlos "
        "unbrauchbar nervig nervt genervt nerven peinlich ignoriert ignorieren "
        "verschwendet verschwendung unseriös unzumutbar nervtötend frust "
        "frustrierend frustriert ätzend misere dreist unverschämt schlimm miserabel übel "
        "unzufrieden unzufriedenheit empört empörend schockiert bereue bereut stinkt billigst "
        "minderwertig pfusch unfair unterbezahlt schikane gefährlich irreführend unbenutzbar "
        "gehackt datenleck datenpanne grottig lausig zornig boykott"},
    ValenceGroup{
        -3.2F,
        "katastrophe katastrophal scheiße scheiß beschissen abzocke abzocker "
        "abgezockt betrug betrüger betrügerisch frechheit unverschämtheit hass "
        "hasse schrecklich grauenhaft grauenvoll furchtbar desaster ekelhaft eklig "
        "widerlich skandal skandalös lächerlich schlechteste schlechtesten "
        "schlimmste unterirdisch zumutung dreistigkeit verarsche verarscht "
        "kundenverarsche mist toxisch schrott müll grottenschlecht entsetzt entsetzlich "
        "stinksauer gelogen lügen lügner betrogen gestohlen ausbeutung mobbing verschimmelt"},
};

constexpr std::array k_english = {
    ValenceGroup{3.2F, "excellent outstanding amazing awesome fantastic brilliant perfect "
                       "wonderful superb incredible love loved loving best exceptional phenomenal "
                       "stellar flawless delighted thrilled terrific stunning spectacular "
                       "magnificent adore amazed delightful superb"},
    ValenceGroup{2.6F,
                 "super great happy pleased glad lovely beautiful impressed impressive enjoy "
                 "enjoyed enjoying recommend recommended grateful appreciate appreciated "
                 "kudos yay congrats congratulations favourite favorite fab gorgeous fun "
                 "satisfied pleasure delight excited exciting successful success proud thankful "
                 "=useful intuitive convenient courteous attentive trustworthy seamless "
                 "effortless durable sturdy elegant stylish inspiring"},
    ValenceGroup{2.0F, "good better nice =helpful friendly fast reliable comfortable comfy "
                       "pleasant pleasantly smooth smoothly generous generously wow thanks "
                       "professional easy efficient competent polite respectful affordable "
                       "=like =liked =likes =supportive =caring valuable responsive punctual cozy "
                       "cute =clean fresh bargain worthwhile trust "
                       "win winner perks"},
    ValenceGroup{1.5F,
                 "pretty thank quick speedy kind patient stable improved improvement resolved "
                 "solved fixed solid cool fair top neat shoutout =helped recommendable "
                 "=secure free worth"},
    ValenceGroup{0.9F, "ok okay decent fine"},
    ValenceGroup{-0.8F, "pressure overtime wait waiting waited sorry"},
    ValenceGroup{
        -1.2F, "problem problems =issue =issues unfortunately sadly missing cancelled "
               "canceled complaint complain complained expensive late skeptical doubt "
               "confusing confused meh mediocre lame pricey hassle worried lawsuit layoffs =fired "
               "incorrect inaccurate"},
    ValenceGroup{-1.6F,
                 "error errors bug bugs buggy glitch glitchy crash crashes crashing crashed "
                 "delayed delay delays slow lost wrong mess messy chaos chaotic stress "
                 "stressful unpaid underpaid denied rejected tired sick sad fail failed "
                 "fails failure uncomfortable dirty broke worse unreliable overpriced "
                 "broken damaged faulty defective downhill joke laggy stuck flimsy scratched torn "
                 "ripped stained leaking expired shocked disorganized unorganized outage"},
    ValenceGroup{-2.4F,
                 "bad poor disappointed disappointing disappointment angry annoyed "
                 "annoying frustrating frustrated frustration rude unfriendly unhelpful "
                 "useless waste wasted ignore ignored ignoring avoid beware embarrassing "
                 "incompetent sucks suck sucked filthy overcharged unprofessional "
                 "ridiculous hate hated lousy shoddy unusable unresponsive unanswered upset mad "
                 "regret unhappy dissatisfied unfair overworked misleading shocking burnout hacked "
                 "breach smelly stinks boycott"},
    ValenceGroup{-3.2F,
                 "worst terrible horrible awful disgusting scam scammer scammers scammed "
                 "fraud fraudulent pathetic disaster disastrous outrageous unacceptable "
                 "atrocious abysmal appalling shit shitty crap crappy garbage trash ripoff "
                 "toxic nightmare furious livid disgrace disgraceful shameful insulting horrendous "
                 "dreadful rotten deceptive dishonest liar lied stolen bullying harassment "
                 "discrimination exploitation outraged horrified pissed fuming"},
};

// Shared by both languages: social-media words that travel ("xd", "lol").
constexpr std::array k_shared = {
    ValenceGroup{2.0F, "xd lol haha hahaha yay"},
    ValenceGroup{-1.6F, "fail epicfail argh ugh"},
};

constexpr std::array k_german_phrases = {
    ValenceGroup{2.6F, "gerne wieder daumen hoch vielen dank"},
    ValenceGroup{2.0F, "wieder bestellen wieder kaufen"},
    ValenceGroup{-2.4F, "nie wieder daumen runter geht nicht läuft nicht zu spät keine antwort "
                        "keine rückmeldung keine reaktion finger weg"},
};

constexpr std::array k_english_phrases = {
    ValenceGroup{2.6F, "well done thumbs up many thanks hassle free"},
    ValenceGroup{2.0F, "order again buy again shop again"},
    ValenceGroup{-2.4F, "never again thumbs down not work not working stopped working stay away "
                        "fell apart came apart no refund no answer no reply no response rip off "
                        "hung up"},
};

// Negators, boosters (positive boost), dampeners (negative), contrast
// words, and frequent words marking the language. Two-word modifiers ("a
// bit") are looked up as phrases: their first word carries role_phrase_head.
constexpr std::uint8_t k_marker = role_language_marker;
constexpr std::array k_german_modifiers = {
    ModifierGroup{0, role_negator | k_marker,
                  "nicht kein keine keinen keinem keiner keines nie niemals nichts niemand "
                  "keinesfalls keineswegs"},
    ModifierGroup{0, role_negator, "ohne weder"},
    ModifierGroup{0, role_contrast | k_marker, "aber jedoch allerdings"},
    ModifierGroup{0.293F, k_marker, "sehr echt wirklich besonders ziemlich"},
    ModifierGroup{0.293F, 0,
                  "total totale totaler totalen richtig voll völlig komplett "
                  "komplette höchst ganz gar dermaßen"},
    ModifierGroup{0.35F, 0,
                  "extrem extreme absolut absolute absoluter unglaublich äußerst "
                  "äusserst maßlos massiv"},
    ModifierGroup{0.2F, 0, "so zu"},
    ModifierGroup{0.293F, role_dual, "super mega stark"},
    ModifierGroup{-0.293F, 0,
                  "kaum etwas bisschen eher wenig teilweise relativ halbwegs "
                  "einigermaßen"},
    ModifierGroup{0, role_phrase_head, "daumen zu finger vielen"},
    ModifierGroup{0, role_phrase_head | k_marker, "gerne keine"},
    ModifierGroup{0, role_phrase_head, "geht läuft nie"},
    ModifierGroup{0, role_phrase_head, "ein wieder"},
    ModifierGroup{0, k_marker,
                  "der die das und ist ich ein eine einen mit auf für von den dem des im es sich "
                  "auch wie sind hat habe hab bei noch nur wir ihr sie er aus am um wenn dass "
                  "mal schon doch oder ja nach seit mir mich mein meine euer eure euch unser "
                  "kann wird werden bin heute gestern immer wieder jetzt hier sehr beim zum zur "
                  "nicht wurde wo gibt"},
};

constexpr std::array k_english_modifiers = {
    ModifierGroup{0, role_negator | k_marker,
                  "not no never nobody nothing none cannot dont doesnt didnt isnt wasnt arent "
                  "werent cant couldnt wont wouldnt shouldnt havent hasnt hadnt aint"},
    ModifierGroup{0, role_negator, "neither nor without nowhere"},
    ModifierGroup{0, role_contrast | k_marker, "but however"},
    ModifierGroup{0.293F, k_marker, "very really"},
    ModifierGroup{0.293F, 0,
                  "totally completely highly truly seriously especially "
                  "particularly so such quite"},
    ModifierGroup{0.35F, 0,
                  "extremely absolutely utterly incredibly insanely hugely "
                  "exceptionally fucking"},
    ModifierGroup{0.15F, 0, "too definitely"},
    ModifierGroup{0, role_needs_subject, "like"},
    ModifierGroup{0.293F, role_dual, "super pretty"},
    ModifierGroup{-0.293F, 0, "slightly somewhat barely hardly partly marginally"},
    ModifierGroup{0, role_subject | k_marker, "i we you they"},
    ModifierGroup{0, role_subject, "still would also just do"},
    ModifierGroup{0, role_phrase_head,
                  "thumbs stopped stay fell came rip hung hassle well "
                  "many kind sort order buy shop"},
    ModifierGroup{0, role_phrase_head | k_marker, "a"},
    ModifierGroup{0, k_marker,
                  "the and is are of to it this that with for my have has been what your from "
                  "at be will just our their me would there about which when were had did "
                  "does its im ive after again since"},
};

// Dampeners made of two words; applied through the phrase table.
constexpr std::array k_german_dampener_phrases = {
    ModifierGroup{-0.293F, 0, "ein bisschen ein wenig"},
};
constexpr std::array k_english_dampener_phrases = {
    ModifierGroup{-0.293F, 0, "a bit a little kind of sort of"},
};

constexpr std::array k_emoticons = {
    ValenceGroup{2.0F, ":) :-) (: :] =) ;) ;-) :-] ^^ ^_^"},
    ValenceGroup{2.6F, ":D :-D <3 :P :-P ;D =D"},
    ValenceGroup{-2.0F, ":( :-( ): :[ :/ :-/ =( :-| :|"},
    ValenceGroup{-2.6F, ":'( :'-( >:( >:-( </3 :@"},
};

struct EmojiValence {
    char32_t code_point;
    float valence;
};
// Sorted by code point for binary search.
constexpr std::array k_emoji = {
    EmojiValence{0x2639, -2.0F},  // ☹
    EmojiValence{0x263A, 2.0F},   // ☺
    EmojiValence{0x2665, 2.6F},   // ♥
    EmojiValence{0x26A0, -1.2F},  // ⚠
    EmojiValence{0x2705, 1.2F},   // ✅
    EmojiValence{0x2728, 1.2F},   // ✨
    EmojiValence{0x274C, -1.6F},  // ❌
    EmojiValence{0x2764, 2.6F},   // ❤
    EmojiValence{0x2B50, 1.6F},   // ⭐
    EmojiValence{0x1F381, 1.6F},  // 🎁
    EmojiValence{0x1F389, 2.6F},  // 🎉
    EmojiValence{0x1F38A, 2.0F},  // 🎊
    EmojiValence{0x1F44C, 2.0F},  // 👌
    EmojiValence{0x1F44D, 2.4F},  // 👍
    EmojiValence{0x1F44E, -2.4F}, // 👎
    EmojiValence{0x1F44F, 2.0F},  // 👏
    EmojiValence{0x1F494, -2.6F}, // 💔
    EmojiValence{0x1F495, 2.6F},  // 💕
    EmojiValence{0x1F496, 2.6F},  // 💖
    EmojiValence{0x1F499, 2.4F},  // 💙
    EmojiValence{0x1F49A, 2.4F},  // 💚
    EmojiValence{0x1F49B, 2.4F},  // 💛
    EmojiValence{0x1F49C, 2.4F},  // 💜
    EmojiValence{0x1F4A9, -2.6F}, // 💩
    EmojiValence{0x1F4AA, 1.6F},  // 💪
    EmojiValence{0x1F4AF, 2.0F},  // 💯
    EmojiValence{0x1F600, 2.0F},  // 😀
    EmojiValence{0x1F601, 2.4F},  // 😁
    EmojiValence{0x1F602, 1.6F},  // 😂
    EmojiValence{0x1F603, 2.0F},  // 😃
    EmojiValence{0x1F604, 2.4F},  // 😄
    EmojiValence{0x1F606, 2.0F},  // 😆
    EmojiValence{0x1F609, 1.6F},  // 😉
    EmojiValence{0x1F60A, 2.4F},  // 😊
    EmojiValence{0x1F60D, 3.0F},  // 😍
    EmojiValence{0x1F60E, 1.6F},  // 😎
    EmojiValence{0x1F612, -2.0F}, // 😒
    EmojiValence{0x1F614, -2.0F}, // 😔
    EmojiValence{0x1F615, -1.6F}, // 😕
    EmojiValence{0x1F618, 2.4F},  // 😘
    EmojiValence{0x1F61E, -2.0F}, // 😞
    EmojiValence{0x1F620, -2.8F}, // 😠
    EmojiValence{0x1F621, -3.0F}, // 😡
    EmojiValence{0x1F622, -2.4F}, // 😢
    EmojiValence{0x1F623, -2.0F}, // 😣
    EmojiValence{0x1F624, -2.4F}, // 😤
    EmojiValence{0x1F625, -1.6F}, // 😥
    EmojiValence{0x1F629, -2.4F}, // 😩
    EmojiValence{0x1F62B, -2.4F}, // 😫
    EmojiValence{0x1F62D, -2.0F}, // 😭
    EmojiValence{0x1F631, -1.6F}, // 😱
    EmojiValence{0x1F641, -1.6F}, // 🙁
    EmojiValence{0x1F642, 1.6F},  // 🙂
    EmojiValence{0x1F644, -2.0F}, // 🙄
    EmojiValence{0x1F64C, 2.0F},  // 🙌
    EmojiValence{0x1F64F, 1.6F},  // 🙏
    EmojiValence{0x1F911, -1.2F}, // 🤑
    EmojiValence{0x1F922, -2.4F}, // 🤢
    EmojiValence{0x1F923, 1.6F},  // 🤣
    EmojiValence{0x1F926, -2.0F}, // 🤦
    EmojiValence{0x1F929, 3.0F},  // 🤩
    EmojiValence{0x1F92C, -3.4F}, // 🤬
    EmojiValence{0x1F92E, -3.0F}, // 🤮
    EmojiValence{0x1F970, 3.0F},  // 🥰
    EmojiValence{0x1F973, 2.6F},  // 🥳
    EmojiValence{0x1F97A, -1.2F}, // 🥺
    EmojiValence{0x1F9E1, 2.4F},  // 🧡
};
static_assert(std::is_sorted(k_emoji.begin(), k_emoji.end(),
                             [](const EmojiValence& a, const EmojiValence& b) {
                                 return a.code_point < b.code_point;
                             }));

} // namespace

std::span<const ValenceGroup> builtin_valences(Language language) {
    static const auto german = [] {
        std::array<ValenceGroup, k_german.size() + k_shared.size()> all{};
        std::copy(k_shared.begin(), k_shared.end(),
                  std::copy(k_german.begin(), k_german.end(), all.begin()));
        return all;
    }();
    static const auto english = [] {
        std::array<ValenceGroup, k_english.size() + k_shared.size()> all{};
        std::copy(k_shared.begin(), k_shared.end(),
                  std::copy(k_english.begin(), k_english.end(), all.begin()));
        return all;
    }();
    if (language == Language::de) {
        return german;
    }
    return english;
}

std::span<const ValenceGroup> builtin_phrases(Language language) {
    if (language == Language::de) {
        return k_german_phrases;
    }
    return k_english_phrases;
}

std::span<const ModifierGroup> builtin_modifiers(Language language) {
    if (language == Language::de) {
        return k_german_modifiers;
    }
    return k_english_modifiers;
}

std::span<const ModifierGroup> builtin_modifier_phrases(Language language) {
    if (language == Language::de) {
        return k_german_dampener_phrases;
    }
    return k_english_dampener_phrases;
}

std::span<const ValenceGroup> builtin_emoticons() {
    return k_emoticons;
}

float emoji_valence(char32_t code_point) {
    const auto* it = std::lower_bound(
        k_emoji.begin(), k_emoji.end(), code_point,
        [](const EmojiValence& entry, char32_t value) { return entry.code_point < value; });
    if (it != k_emoji.end() && it->code_point == code_point) {
        return it->valence;
    }
    return 0;
}

namespace {

// Calls `add` with each word of a space-separated list, or with each pair of
// words ("nie wieder") when `pairs` is set.
template <typename Add>
void for_each_entry(std::string_view words, bool pairs, Add add) {
    std::size_t pos = 0;
    while (pos < words.size()) {
        std::size_t end = words.find(' ', pos);
        if (pairs && end != std::string_view::npos) {
            end = words.find(' ', end + 1);
        }
        end = end == std::string_view::npos ? words.size() : end;
        add(words.substr(pos, end - pos));
        pos = end + 1;
    }
}

void put(WordMap& map, std::string_view key, float valence, bool replace) {
    auto [it, is_new] = map.try_emplace(std::string(key));
    // Modifiers come first and carry no valence ("super" is both).
    if (is_new || replace || it->second.valence == 0) {
        it->second.valence = valence;
    }
}

// Built-in entries never replace each other (the first, stronger group
// wins a shared stem); file entries replace.
void add_valence(Lexicons& lexicons, Language language, std::string_view entry, float valence,
                 bool replace) {
    if (entry.empty()) {
        return;
    }
    // The "=" marker exists only in the built-in data (files have "=D").
    const bool is_surface_only = !replace && entry.front() == '=' && entry.size() > 1;
    if (!is_surface_only && std::ispunct(static_cast<unsigned char>(entry.front())) != 0) {
        put(lexicons.emoticons, entry, valence, replace);
        return;
    }
    LanguageLexicon& lexicon = lexicons.of(language);
    const std::string folded = fold_word(is_surface_only ? entry.substr(1) : entry);
    const std::size_t space = folded.find(' ');
    if (space == std::string::npos) {
        put(lexicon.words, folded, valence, replace);
        if (!is_surface_only && folded.size() >= 3 &&
            std::isdigit(static_cast<unsigned char>(folded.front())) == 0) {
            const std::string_view stemmed = stem(language, folded);
            put(lexicon.stems, stemmed, valence, replace);
            lexicon.stem_prefixes.set(stem_prefix_bit(stemmed));
        }
    } else if (folded.find(' ', space + 1) == std::string::npos) {
        put(lexicon.words, folded, valence, replace);
        lexicon.words[folded.substr(0, space)].roles |= role_phrase_head;
    }
}

// Posts borrow words from the other language ("nice", "fail", "super"):
// its sentiment words count too, unless they mean something else here
// (German "Kind" is a child, "fast" means almost, "toll" is great).
void add_borrowed_words(LanguageLexicon& lexicon, const LanguageLexicon& other) {
    constexpr std::array k_false_friends = {"kind",  "fast", "toll", "bad", "mist",  "hell",
                                            "gift",  "also", "will", "art", "stark", "brave",
                                            "handy", "chef", "fix",  "arm", "rat",   "top"};
    for (const auto& [word, entry] : other.words) {
        const bool is_false_friend = std::find(k_false_friends.begin(), k_false_friends.end(),
                                               word) != k_false_friends.end();
        if (entry.valence != 0 && word.find(' ') == std::string::npos && !is_false_friend) {
            lexicon.words.try_emplace(word, Entry{entry.valence, 0, 0});
        }
    }
}

void add_modifier(LanguageLexicon& lexicon, std::string_view word, float boost,
                  std::uint8_t roles) {
    Entry& entry = lexicon.words[std::string(word)];
    entry.boost = boost != 0 ? boost : entry.boost;
    entry.roles |= roles;
}

} // namespace

void add_builtin_entries(Lexicons& lexicons) {
    for (const Language language : {Language::de, Language::en}) {
        LanguageLexicon& lexicon = lexicons.of(language);
        for (const ModifierGroup& group : builtin_modifiers(language)) {
            for_each_entry(group.words, false, [&](std::string_view word) {
                add_modifier(lexicon, word, group.boost, group.roles);
            });
        }
        for (const ModifierGroup& group : builtin_modifier_phrases(language)) {
            for_each_entry(group.words, true, [&](std::string_view phrase) {
                add_modifier(lexicon, phrase, group.boost, group.roles);
                add_modifier(lexicon, phrase.substr(0, phrase.find(' ')), 0, role_phrase_head);
            });
        }
        for (const ValenceGroup& group : builtin_valences(language)) {
            for_each_entry(group.words, false, [&](std::string_view word) {
                add_valence(lexicons, language, word, group.valence, false);
            });
        }
        for (const ValenceGroup& group : builtin_phrases(language)) {
            for_each_entry(group.words, true, [&](std::string_view phrase) {
                add_valence(lexicons, language, phrase, group.valence, false);
            });
        }
    }
    add_borrowed_words(lexicons.german, lexicons.english);
    add_borrowed_words(lexicons.english, lexicons.german);
    for (const ValenceGroup& group : builtin_emoticons()) {
        for_each_entry(group.words, false, [&](std::string_view emoticon) {
            put(lexicons.emoticons, emoticon, group.valence, false);
        });
    }
}

std::size_t stem_prefix_bit(std::string_view word) {
    std::uint32_t key = 0;
    int letters = 0;
    const auto add = [&](unsigned char c) {
        if (letters < 3) {
            key = key * 131 + c;
            ++letters;
        }
    };
    for (std::size_t i = 0; i < word.size() && letters < 3; ++i) {
        const auto c = static_cast<unsigned char>(word[i]);
        const auto next = i + 1 < word.size() ? static_cast<unsigned char>(word[i + 1]) : 0;
        const char previous = i > 0 ? word[i - 1] : 0;
        if (c == 0xC3 && (next == 0xA4 || next == 0xB6 || next == 0xBC)) { // ä ö ü
            add(next == 0xA4 ? 'a' : next == 0xB6 ? 'o' : 'u');
            ++i;
        } else if (c == 0xC3 && next == 0x9F) { // ß
            add('s');
            add('s');
            ++i;
        } else if (c == 'e' && (previous == 'a' || previous == 'o' || previous == 'u')) {
            continue; // german2 reads "ae" as "ä", which the stem writes as "a"
        } else {
            add(c);
        }
    }
    return (key * 2654435761U) >> 16;
}

void set_valence(Lexicons& lexicons, Language language, std::string_view entry, float valence) {
    add_valence(lexicons, language, entry, valence, true);
}

} // namespace onevoice::commands::sentiment_detail
