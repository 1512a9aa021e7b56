//! Dutch text as a duidingssessie counts it: what people typed on post-its and phones, reduced
//! to the words that carry meaning, so that "Sociale kaarten" and "de sociale kaart" count as
//! one. Case, accents ("één" is "een"), punctuation, emoji and spacing are ignored; hyphens and
//! apostrophes join ("wijk-verpleging" is "wijkverpleging", "auto's" is "auto"); the Dutch
//! stopwords (NLTK's list) are dropped; diminutives lose their suffix ("kaartje" is "kaart") and
//! what remains is stemmed with the Dutch Snowball stemmer ("kaarten" is "kaart").

use std::sync::LazyLock;

use rust_stemmers::{Algorithm, Stemmer};
use rustc_hash::FxHashSet;
use unicode_normalization::UnicodeNormalization;

/// A word that carries meaning: as typed (without surrounding punctuation) and as counted.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Woord {
    pub vorm: String,
    pub stam: String,
    /// Where it stands in the text (bytes).
    pub plek: std::ops::Range<usize>,
}

static STEMMER: LazyLock<Stemmer> = LazyLock::new(|| Stemmer::create(Algorithm::Dutch));
static STOPWOORDEN: LazyLock<FxHashSet<String>> =
    LazyLock::new(|| stop_words::get("nl").iter().map(|w| kaal(w)).collect());

/// Lower case without accents: "Één" is "een", "Café" is "cafe".
pub fn kaal(woord: &str) -> String {
    woord.nfd().filter(|c| !unicode_normalization::char::is_combining_mark(*c)).flat_map(char::to_lowercase).collect()
}

/// Whether a word (in any case or accent) is a Dutch stopword.
pub fn is_stopwoord(woord: &str) -> bool {
    STOPWOORDEN.contains(&kaal(woord))
}

/// The words of a contribution that carry meaning, in the order typed.
pub fn woorden(tekst: &str) -> Vec<Woord> {
    let mut uit = Vec::new();
    let mut vorm = String::new();
    let mut begin = 0;
    let mut tekens = tekst.char_indices().peekable();
    let mut vorige_letter = false;
    while let Some((i, c)) = tekens.next() {
        if c.is_alphanumeric() {
            if vorm.is_empty() {
                begin = i;
            }
            vorm.push(c);
            vorige_letter = true;
            continue;
        }
        let volgende_letter = tekens.peek().is_some_and(|(_, n)| n.is_alphanumeric());
        // A hyphen or apostrophe between letters joins ("wijk-verpleging", "auto's").
        if vorige_letter && volgende_letter && matches!(c, '-' | '\'' | '’' | '‐') {
            vorm.push(c);
            continue;
        }
        neem(&mut vorm, begin, &mut uit);
        vorige_letter = false;
    }
    neem(&mut vorm, begin, &mut uit);
    uit
}

fn neem(vorm: &mut String, begin: usize, uit: &mut Vec<Woord>) {
    if vorm.is_empty() {
        return;
    }
    let plek = begin..begin + vorm.len();
    let typed = std::mem::take(vorm);
    let basis = kaal(&typed);
    // "auto's", "mdo's": the apostrophe-s is a plural.
    let basis = match basis.rsplit_once(['\'', '’']) {
        Some((voor, "s")) => voor.to_string(),
        _ => basis,
    };
    let basis: String = basis.chars().filter(|c| c.is_alphanumeric()).collect();
    if basis.chars().count() < 2 || STOPWOORDEN.contains(&basis) || basis.chars().all(|c| c.is_numeric()) {
        return;
    }
    uit.push(Woord { stam: stam(&basis), vorm: typed, plek });
}

/// The stem of a lower-case word without accents: the diminutive suffix off, then Snowball
/// until the stem stays the same. Snowball takes one suffix per pass, so "huisartsen" would
/// stem to "huisarts" and "huisarts" to "huisart": the second pass makes them one.
pub fn stam(woord: &str) -> String {
    let mut s = zonder_verkleining(woord);
    for _ in 0..3 {
        let n = STEMMER.stem(&s).into_owned();
        if n == s {
            break;
        }
        s = n;
    }
    s
}

/// "kaartje" → "kaart", "vrouwtje" → "vrouw", "stoeltje" → "stoel", "boompje" → "boom",
/// "balletje" → "bal". Dutch adds -tje after a vowel, -w or a long vowel with l/n; -pje after
/// m; -etje after a short vowel's consonant (written doubled); -je elsewhere. After a long
/// vowel with r the two readings look alike ("deurtje", "kaartje"): a stem ending in -rt is far
/// more common, so the t stays. Words of five letters or fewer are left alone ("mantje" is
/// not a word we meet, "meisje" is one on its own). The plural "-jes" is treated alike.
fn zonder_verkleining(w: &str) -> String {
    let w = w.strip_suffix('s').filter(|v| v.ends_with("je")).unwrap_or(w); // kaartjes
    let c: Vec<char> = w.chars().collect();
    let n = c.len();
    if n <= 5 || !w.ends_with("je") {
        return w.to_string();
    }
    let klinker = |x: char| "aeiouy".contains(x);
    let uit = |k: usize| c[..k].iter().collect::<String>();
    if w.ends_with("etje") && n >= 7 && c[n - 5] == c[n - 6] && !klinker(c[n - 5]) {
        return uit(n - 5); // balletje → bal(l) → bal
    }
    if w.ends_with("pje") && c[n - 4] == 'm' {
        return uit(n - 3); // boompje → boom
    }
    if w.ends_with("tje") {
        let voor = c[n - 4];
        // a long vowel is written with two letters: oe, ui, ee, ij …
        let lang = n >= 7 && (klinker(c[n - 5]) && klinker(c[n - 6]) || (c[n - 6], c[n - 5]) == ('i', 'j'));
        if klinker(voor) || voor == 'w' || (matches!(voor, 'l' | 'n') && lang) {
            return uit(n - 3); // vrouwtje, cadeautje, stoeltje, tuintje
        }
    }
    uit(n - 2) // kaartje, huisje, puntje
}

#[cfg(test)]
mod tests {
    use super::*;

    fn stammen(t: &str) -> Vec<String> {
        woorden(t).into_iter().map(|w| w.stam).collect()
    }

    #[test]
    fn plurals_and_articles_count_as_one() {
        assert_eq!(stammen("Sociale kaarten"), stammen("de sociale kaart"));
        assert_eq!(stammen("ouderen"), stammen("Ouderen!"));
        assert_eq!(stammen("huisartsen"), stammen("huisarts"));
    }

    #[test]
    fn diminutives_lose_their_suffix() {
        for (klein, groot) in [
            ("kaartje", "kaart"),
            ("huisje", "huis"),
            ("vrouwtje", "vrouw"),
            ("stoeltje", "stoel"),
            ("tuintje", "tuin"),
            ("boompje", "boom"),
            ("balletje", "bal"),
            ("puntje", "punt"),
            ("buurtje", "buurt"),
            ("lijntje", "lijn"),
        ] {
            assert_eq!(stammen(klein), stammen(groot), "{klein}");
        }
        // plural diminutives too
        assert_eq!(stammen("kaartjes"), stammen("kaart"));
    }

    #[test]
    fn accents_case_punctuation_and_spacing_do_not_matter() {
        assert_eq!(stammen("Één  loket!!"), stammen("een loket"));
        assert_eq!(stammen("café"), stammen("Cafe"));
        assert_eq!(stammen("“Tijd”,   capaciteit…"), stammen("tijd capaciteit"));
        assert_eq!(stammen("efficiënte informatie-uitwisseling"), stammen("Efficiente informatieuitwisseling"));
        assert_eq!(stammen("wijk-verpleging"), stammen("wijkverpleging"));
        assert_eq!(stammen("MDO's"), stammen("mdo"));
        assert_eq!(stammen("🙂 dementie <3"), stammen("dementie"));
    }

    #[test]
    fn stopwords_and_noise_carry_no_meaning() {
        assert!(woorden("de het een en van niet ook maar").is_empty());
        assert!(woorden("één, Één; EEN").is_empty());
        assert!(woorden("- ... !! 24 7 x").is_empty());
        assert!(is_stopwoord("Één"));
        assert!(!is_stopwoord("dementie"));
    }

    #[test]
    fn the_typed_form_is_kept() {
        let w = woorden("Tussen wal en schip!");
        let vormen: Vec<&str> = w.iter().map(|w| w.vorm.as_str()).collect();
        assert_eq!(vormen, ["Tussen", "wal", "schip"]);
    }
}
