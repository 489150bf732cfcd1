/*
 * papersite's search worker: answers Material's search box from a prebuilt,
 * sharded index of lunr's BM25 scores (written by generator/publish/search.py), loading
 * only the shards that hold the words of a query, then every result's title, so
 * that later keystrokes wait for no download. lunr.js gives the stemmer and the
 * stop words; the text analysis around them (termsOf) is generator/publish/search.py's.
 *
 * It speaks Material for MkDocs' search worker protocol (9.x,
 * integrations/search/worker/message): SETUP (0) -> READY (1), QUERY (2) ->
 * RESULT (3) with { items: SearchItem[][], suggest: string[] }; a RESULT marked
 * `partial: true` (teasers still on the way) is followed by the complete one for
 * the same query, unless a newer query came in meanwhile. Material puts
 * the title and text of an item into the page as HTML, so both are escaped
 * here before <mark> is added around the matched words.
 */
"use strict"

importScripts("vendor/lunr-2.3.9.min.js")

const SETUP = 0, READY = 1, QUERY = 2, RESULT = 3
// Each result costs its document chunk; the first 30 are re-ranked by phrase.
const MAX_RESULTS = 30
// The last word of a query is still being typed: it also matches as a prefix. When
// no term or word begins with it, nor a word one typo away, a start of it at most
// MAX_STEM_CUT letters shorter (and of MIN_STEM_PREFIX letters or more) that begins
// a term stands in: a letter mistyped near the end ("transformr"). A name the site
// does not have ("Bengio") finds nothing rather than its first letters ("Ben...").
const MIN_STEM_PREFIX = 4
const MAX_STEM_CUT = 2
// A start typed after whole words is looked for in the titles of the papers those
// words find once it has this many letters (titlePrefix).
const MIN_TITLE_PREFIX = 3
// A short prefix ("co") begins too many terms to fetch and scan them all while
// typing: past this many shards (~8 kB gzip each), the shard where it begins lists
// its commonest completions (generator/publish/search.py's MAX_PREFIX_SHARDS).
const MAX_PREFIX_SHARDS = 1
// A word of TYPO_MIN characters or more (the manifest's "typo") that matches nothing
// also matches the indexed words one edit away, with this weight (an exact term has 10).
const TYPO_WEIGHT = 0.5
// Results Material shows before the reader scrolls (its search result list renders
// ten at a time).
const FIRST_PAGE = 10
// ms without a newer query before the teasers of results shown by title are fetched.
const TEASER_PAUSE = 60

const base = new URL("../../papersite-search/", self.location.href)
const cache = new Map()
const loaded = new Map()  // path -> data, for the files that have arrived
let manifest = null
let folder = base  // where the manifest says this build's data files are
let latest = 0

/*
 * A data file (every file but the manifest) is in the folder the manifest names;
 * one that is not found belongs to an older build than the site's: the error is
 * marked `stale`, and the query is answered again with the new manifest.
 */
function fetchJSON(path) {
  if (!cache.has(path))
    cache.set(path, fetch(new URL(path, path === "manifest.json" ? base : folder)).then(response => {
      if (!response.ok) {
        const err = new Error(`${path}: HTTP ${response.status}`)
        err.stale = response.status === 404 && path !== "manifest.json"
        throw err
      }
      return response.json()
    }).then(data => {
      loaded.set(path, data)
      return data
    }).catch(err => {
      cache.delete(path)  // offline for a moment: the next keystroke tries again
      throw err
    }))
  return cache.get(path)
}

function loadManifest() {
  if (!manifest)
    manifest = fetchJSON("manifest.json").then(data => {
      folder = new URL(data.files || "", base)
      return data
    }).catch(err => {
      manifest = null
      throw err
    })
  return manifest
}

/*
 * The site was deployed again since this tab loaded the manifest (or the browser's
 * cache still held the old one): the manifest is fetched past the cache, and if it
 * names other data files, everything kept from the old ones is dropped. Returns
 * whether it did.
 */
async function reloadManifest() {
  const old = manifest && await manifest.catch(() => null)
  const response = await fetch(new URL("manifest.json", base), { cache: "no-cache" })
  if (!response.ok)
    return false
  const data = await response.json()
  if (old && old.files === data.files)
    return false
  for (const kept of [cache, loaded, indexes, matchedTerms, matchedWords, matchableTitles, normalTexts])
    kept.clear()
  titlesRequested = false
  prefetched = null
  manifest = null
  cache.set("manifest.json", Promise.resolve(data))
  loaded.set("manifest.json", data)
  await loadManifest()
  return true
}

/*
 * A shard lists each term once with its postings, [[field, ref, score, ...], ...],
 * in JavaScript's string order; the words among them that are not their own term
 * ("aliases": "activation" -> "activ"); and, for prefixes whose terms run over
 * several shards, their commonest completions ("prefixes").
 */
function toShard(data) {
  return {
    terms: new Map(data.terms),
    aliases: new Map(Object.entries(data.aliases || {})),
    prefixes: new Map(Object.entries(data.prefixes || {}))
  }
}

/*
 * A shard that fails to load is fetched once more at once, then reported; the next
 * keystroke tries again. A query never treats a missing shard as a shard without
 * its words.
 */
const indexes = new Map()
function loadShard(number) {
  if (!indexes.has(number)) {
    const path = `shards/${number}.json`
    indexes.set(number, fetchJSON(path).catch(() => fetchJSON(path)).then(toShard).catch(err => {
      indexes.delete(number)
      console.error(`papersite search: could not load ${path} (${err}); it is fetched again on the next keystroke`)
      throw err
    }))
  }
  return indexes.get(number)
}

/* The shard holding `term`: the last one whose first term is <= it. */
function shardOf(m, term) {
  let low = 0, high = m.shards.length - 1
  while (low < high) {
    const middle = (low + high + 1) >> 1
    if (m.shards[middle] <= term)
      low = middle
    else
      high = middle - 1
  }
  return low
}

/* The shards holding terms that start with `prefix`: a contiguous run. */
function shardsFor(m, prefix) {
  const first = shardOf(m, prefix), last = shardOf(m, `${prefix}\uffff`)
  const found = []
  for (let n = first; n <= last; n++)
    found.push(n)
  return found
}

/* Lower case, TeX marks and punctuation gone, single spaces: for phrase matching. */
function normal(text) {
  return text.normalize("NFKC").toLowerCase().replace(/[$^_{}\\]/g, "")
    .replace(/[^\p{L}\p{N}]+/gu, " ").trim()
}

function escapeHTML(text) {
  return text.replace(/[&<>"']/g, c => `&#${c.charCodeAt(0)};`)
}

/*
 * generator/publish/search.py's tokens and terms: NFKC, lower case, then a dotted number or
 * a run of letters and digits (with a trailing "++" or "#") with the accents of Latin
 * letters dropped; a run of Chinese, Japanese or Korean characters is its overlapping
 * bigrams; English stop words go
 * and words of ASCII letters are stemmed as lunr.js does.
 */
const TOKEN = /\p{Nd}+(?:\.\p{Nd}+)+|[\p{L}\p{N}]+(?:\+\+|#)?/gu
const CJK_CLASS = "\\p{Script=Han}\\p{Script=Hiragana}\\p{Script=Katakana}\\p{Script=Hangul}"
const CJK_RUNS = new RegExp(`[${CJK_CLASS}]+|[^${CJK_CLASS}]+`, "gu")
const CJK = new RegExp(`^[${CJK_CLASS}]`, "u")
const ASCII_WORD = /^[a-z]+$/

const LATIN_WORD = /^[\p{Script=Latin}\p{N}\p{M}]+$/u
/* "naïve" -> "naive": a word of Latin letters without its accents (search.py's _folded). */
function folded(token) {
  if (/^\p{ASCII}*$/u.test(token) || !LATIN_WORD.test(token))
    return token
  return token.normalize("NFD").replace(/\p{M}/gu, "").normalize("NFC")
}

function tokensOf(text) {
  const found = []
  for (const token of text.normalize("NFKC").toLowerCase().match(TOKEN) || []) {
    if (/^\p{ASCII}*$/u.test(token))
      found.push(token)
    else
      found.push(...token.match(CJK_RUNS).map(folded))
  }
  return found
}

const isStopWord = word => !lunr.stopWordFilter(new lunr.Token(word))
const stem = word => lunr.stemmer(new lunr.Token(word)).toString()

function termsOfToken(token) {
  if (ASCII_WORD.test(token))
    return token.length === 1 || isStopWord(token) ? [] : [stem(token)]
  if (CJK.test(token)) {
    const chars = [...token]
    if (chars.length === 1)
      return [token]
    return chars.slice(1).map((char, i) => chars[i] + char)
  }
  return isStopWord(token) ? [] : [token]
}

function termsOf(text) {
  return tokensOf(text).flatMap(termsOfToken)
}

const ARXIV = /^(?:arxiv:)?(\d{4}\.\d{4,5})(?:v\d+)?$/i

/*
 * A query's words, each with the ways it may match: `exact` terms (the whole word)
 * and, for the word being typed, `prefix` (any term starting with it). A CJK run
 * gives one word per bigram.
 */
function analyse(query, m) {
  const words = []
  const names = []
  const chunks = query.replace(/[$^_{}\\]/g, "").split(/\s+/).filter(chunk => chunk)
  const typingQuery = !/\s$/.test(query)
  chunks.forEach((chunk, c) => {
    const arxiv = ARXIV.exec(chunk)
    if (arxiv) {
      words.push({ text: arxiv[1], exact: [arxiv[1]], prefix: null, optional: false })
      return
    }
    const tokens = tokensOf(chunk)
    names.push(...tokens)
    // "1." or "c+" on the way to "1.5" or "c++": the mark typed belongs to the prefix.
    let tail = typingQuery && c === chunks.length - 1 ? (/(?<=[\p{L}\p{N}])[.+]+$/u.exec(chunk) || [""])[0] : ""
    if (tokens.length && tokens[tokens.length - 1].endsWith(tail))
      tail = ""  // "c++" is a whole token already
    tokens.forEach((text, i) => {
      const typing = typingQuery && c === chunks.length - 1 && i === tokens.length - 1
      // The mark typed after a word ("1." on the way to "1.5") is part of its prefix.
      const length = [...text].length + (typing ? tail.length : 0)
      if (CJK.test(text)) {
        const terms = termsOfToken(text)
        terms.forEach((term, t) => words.push({
          text: term, exact: [term], optional: false,
          // The last character typed may be the start of the next bigram.
          prefix: typing && t === terms.length - 1 && length === 1 ? term : null,
          usePrefix: typing && length === 1
        }))
        return
      }
      if (length < 2 && !typing)
        return
      if (isStopWord(text) || length < 2) {
        // A stop word or a letter still being typed is the start of a longer word
        // ("an" of "analysis"): it ranks what the other words find, filters nothing.
        if (typing && length >= 2)
          words.push({ text, exact: [], prefix: text + tail, usePrefix: true, optional: true })
        return
      }
      // A word still being typed is matched as the start of words ("ade" of
      // "adequate"), not by its own stem ("ad").
      const exact = typing ? [] : termsOfToken(text)
      // A word of two letters still being typed ranks results but filters none out:
      // "pointer networks fo" must still show Pointer Networks.
      const word = { text, exact, prefix: null, optional: typing && length < 3 }
      if (typing) {
        word.prefix = text + tail
        word.usePrefix = true
      }
      words.push(word)
    })
  })
  // Two letters or a stop word typed after whole words ("model wi", "model with")
  // begin too many words to be worth fetching their shards on every keystroke, to
  // filter nothing: they wait for the next letter. Alone, they are expanded.
  // A start whose words run over several shards ("model learn") is looked for as a
  // whole word when it is five letters or more (its stem: one shard) and in the
  // titles of what the other words find (titlePrefix), not among all the words it
  // begins, until it narrows.
  if (words.some(word => !word.optional && !word.prefix))
    for (const word of words) {
      if (word.prefix && !word.optional && shardsFor(m, word.prefix).length > MAX_PREFIX_SHARDS) {
        // A start of a few letters ("tun" of "tuning") is no word to match whole.
        word.exact = [...word.text].length >= 5 ? termsOfToken(word.text) : []
        word.optional = !word.exact.length
        word.usePrefix = false
        // It begins many indexed words, so it is no typo: unmatched whole, it is
        // left to the titles (titlePrefix) without a look-up of corrections.
        word.begins = true
      }
      if (word.optional)
        word.usePrefix = false
    }
  // A start of a word typed whole before it ("world wor", "motion mot") is another
  // word on its way: nobody types a word twice to find it. It completes to other words.
  const last = words[words.length - 1]
  if (last && last.prefix)
    last.excluded = new Set(words.filter(word => word !== last && !word.prefix &&
      word.text.startsWith(last.prefix) && word.text !== last.prefix).flatMap(word => word.exact))
  // A person's whole name is also one index term ("Han Jiang": "@hanjiang"): it ranks
  // the papers of that person above those of a Han and a Jiang.
  const name = names.join("")
  words.fullName = names.length >= 2 && names.length <= 4 && name.length >= 4 ? `@${name}` : null
  return words
}

/*
 * Each keystroke changes only the last word: the other words' matches are kept
 * (a common word such as "model" matches thousands of papers).
 */
const matchedWords = new Map()
const MATCH_CACHE = 32  // each word's Scores hold 8 bytes per document
function matchWordCached(m, word) {
  const key = JSON.stringify([word.text, word.exact, word.prefix, word.usePrefix, word.begins, [...(word.excluded || [])]])
  if (!matchedWords.has(key)) {
    if (matchedWords.size >= MATCH_CACHE)
      matchedWords.delete(matchedWords.keys().next().value)
    matchedWords.set(key, matchWord(m, word).catch(err => {
      matchedWords.delete(key)  // a failed fetch is tried again on the next keystroke
      throw err
    }))
  }
  return matchedWords.get(key)
}

/*
 * Scores of documents: a document's number -> its score (always > 0), held in an
 * array over every document with the list of those that have one. A common word
 * ("model") matches thousands of papers on every keystroke: arrays of numbers are
 * added up and looked up several times faster than Maps keyed by refs.
 */
class Scores {
  constructor(dense, ids) {
    this.dense = dense
    this.ids = ids
  }

  get size() {
    return this.ids.length
  }

  has(ref) {
    return this.dense[ref] > 0
  }

  get(ref) {
    return this.dense[ref] > 0 ? this.dense[ref] : undefined
  }

  keys() {
    return this.ids
  }

  /* These scores with those of the Map `changed` (ref -> score > 0) in their place. */
  with(changed) {
    const dense = Float64Array.from(this.dense)
    const ids = [...this.ids]
    for (const [ref, score] of changed) {
      if (!(dense[ref] > 0))
        ids.push(ref)
      dense[ref] = score
    }
    return new Scores(dense, Int32Array.from(ids))
  }
}

/* Sums of weighted scores per document, into a new Scores. */
class Adder {
  constructor(documents) {
    this.dense = new Float64Array(documents)
    this.ids = []
  }

  add(ref, score) {
    if (this.dense[ref] === 0)
      this.ids.push(ref)
    this.dense[ref] += score
  }

  scores(divisor = 1) {
    if (divisor !== 1)
      for (const ref of this.ids)
        this.dense[ref] /= divisor
    return new Scores(this.dense, Int32Array.from(this.ids))
  }
}

/*
 * The documents holding one index term, as lunr's query for that term alone scores
 * them (the sum of its fields' scores): { ids: their numbers, scores: each one's
 * score, authors: the numbers of those holding it in an author's name, titled: those
 * holding it in the title }. Kept for the session: the words typed next meet the
 * same common terms ("model" in thousands of papers) again.
 */
const matchedTerms = new Map()
const TERM_CACHE = 1024
function matchTerm(m, term) {
  if (!matchedTerms.has(term)) {
    if (matchedTerms.size >= TERM_CACHE)
      matchedTerms.delete(matchedTerms.keys().next().value)
    matchedTerms.set(term, loadShard(shardOf(m, term)).then(shard => {
      const sums = new Map(), authors = new Set(), titled = new Set()
      const authorsField = m.fields.indexOf("authors")
      const titleFields = [m.fields.indexOf("title"), m.fields.indexOf("name")]
      for (const [field, ...pairs] of shard.terms.get(term) || []) {
        const refs = field === authorsField ? authors : titleFields.includes(field) ? titled : null
        for (let i = 0; i < pairs.length; i += 2) {
          const ref = parseInt(pairs[i], 36)
          sums.set(ref, (sums.get(ref) || 0) + pairs[i + 1])
          if (refs)
            refs.add(ref)
        }
      }
      return {
        ids: Int32Array.from(sums.keys()),
        scores: Float64Array.from(sums.values()),
        authors,
        titled
      }
    }).catch(err => {
      matchedTerms.delete(term)  // a failed fetch is tried again on the next keystroke
      throw err
    }))
  }
  return matchedTerms.get(term)
}

/*
 * The next letters of the word being typed need the shard of a longer prefix: when
 * the prefix typed spans a few shards, they are loaded now, while the results show,
 * rather than after the next keystroke.
 */
const PREFETCH_SHARDS = 3
function prefetchPrefix(m, words) {
  const last = words[words.length - 1]
  if (!last.prefix)
    return
  const shards = shardsFor(m, last.prefix)
  if (shards.length <= PREFETCH_SHARDS)
    for (const number of shards)
      loadShard(number).catch(() => {})
}

/*
 * The index terms that start with `prefix`: from the shards holding them, or, when
 * they run over more than MAX_PREFIX_SHARDS shards, the commonest ones, which the
 * shard where the prefix begins lists.
 */
async function expand(m, prefix) {
  const shards = shardsFor(m, prefix)
  if (shards.length > MAX_PREFIX_SHARDS) {
    const listed = (await loadShard(shards[0])).prefixes.get(prefix)
    if (listed)
      return listed
  }
  const found = new Set()
  for (const shard of await Promise.all(shards.map(loadShard))) {
    for (const term of shard.terms.keys())
      if (term.startsWith(prefix))
        found.add(term)
    // A stem may be shorter than what is typed: "activa" is on the way to
    // "activation", whose term is "activ".
    for (const [word, term] of shard.aliases)
      if (word.startsWith(prefix))
        found.add(term)
  }
  return [...found]
}

/* Are the arrays of characters `a` and `b` one insertion, deletion, substitution or
 * transposition of adjacent characters apart? */
function oneEdit(a, b) {
  if (Math.abs(a.length - b.length) > 1)
    return false
  const same = (x, from, y, to) => {
    if (x.length - from !== y.length - to)
      return false
    for (let k = 0; from + k < x.length; k++)
      if (x[from + k] !== y[to + k])
        return false
    return true
  }
  let i = 0
  while (i < a.length && i < b.length && a[i] === b[i])
    i++
  if (a.length === b.length)
    return i < a.length && (same(a, i + 1, b, i + 1) ||
      (a[i] === b[i + 1] && a[i + 1] === b[i] && same(a, i + 2, b, i + 2)))
  return a.length > b.length ? same(a, i + 1, b, i) : same(a, i, b, i + 1)
}

/* The indexed words one edit away from `text` (words/<length>.json, by length). */
async function corrections(m, text) {
  const chars = [...text]
  const [low, high] = m.typo
  const lengths = [chars.length - 1, chars.length, chars.length + 1]
    .filter(n => n >= low - 1).map(n => Math.min(n, high))
  const lists = await Promise.all([...new Set(lengths)].map(n => fetchJSON(`words/${n}.json`).catch(() => [])))
  const found = []
  for (const list of lists)
    for (const candidate of list)
      if (oneEdit([...candidate], chars))
        found.push(candidate)
  return found
}

/*
 * The documents matching one word: { scores: ref -> score, authors: the refs it
 * matches by an author's name, corrected: the words a typo was taken for }. As in a
 * lunr query of the word's terms with their boosts, a document's score is the boosted
 * sum of its terms' scores over the norm of the boosts
 * (https://lunrjs.com/guides/searching.html#boosts), so that a word being typed, with
 * its many prefix terms, weighs about as much as a whole word.
 */
async function matchWord(m, word) {
  const boosts = new Map()
  for (const term of word.exact)
    boosts.set(term, 10)
  let prefixed = word.prefix && word.usePrefix ? await expand(m, word.prefix) : []
  const others = prefixed.filter(term => !(word.excluded && word.excluded.has(term)))
  if (others.length)
    prefixed = others
  for (const term of prefixed)
    boosts.set(term, (boosts.get(term) || 0) + 1)
  const found = await scored(m, boosts)
  // Found, or not looked up (a start left to the titles of the other words' papers).
  if (found.scores.size || !boosts.size && !word.usePrefix)
    return { ...found, prefix: word.prefix }
  if (word.begins)
    return { ...found, prefix: word.prefix }
  // Nothing has this word: it may have a typo ("fedrated").
  if ([...word.text].length >= m.typo[0] && !CJK.test(word.text)) {
    const corrected = await corrections(m, word.text)
    const fixes = new Map()
    for (const candidate of corrected)
      for (const term of termsOf(candidate))
        fixes.set(term, TYPO_WEIGHT)
    if (corrected.length)
      return { ...(await scored(m, fixes)), corrected, prefix: null }
  }
  // A stem need not begin like the word typed ("capabili": "capabl"): the longest
  // shorter start that begins a term stands in.
  const chars = word.prefix && word.usePrefix ? [...word.prefix] : []
  for (let n = chars.length - 1; n >= Math.max(MIN_STEM_PREFIX, chars.length - MAX_STEM_CUT); n--) {
    const prefix = chars.slice(0, n).join("")
    const expanded = await expand(m, prefix)
    if (expanded.length)
      return { ...(await scored(m, new Map(expanded.map(term => [term, TYPO_WEIGHT])))), prefix }
  }
  return { ...found, prefix: word.prefix }
}

async function scored(m, boosts) {
  const terms = [...boosts.keys()]
  const matched = await Promise.all(terms.map(term => matchTerm(m, term)))
  const sums = new Adder(m.documents), authors = new Set(), titled = new Set()
  let norm = 0
  matched.forEach((found, i) => {
    if (!found.ids.length)
      return
    const weight = boosts.get(terms[i])
    norm += weight * weight
    const { ids, scores } = found
    for (let k = 0; k < ids.length; k++)
      sums.add(ids[k], weight * scores[k])
    for (const ref of found.authors)
      authors.add(ref)
    for (const ref of found.titled)
      titled.add(ref)
  })
  return { scores: sums.scores(Math.sqrt(norm) || 1), authors, titled, corrected: [] }
}

/*
 * Does `word` (a word of a result's text) match one of the query's words?
 * Highlighting 30 results meets about a thousand words, and lunr's stemmer took
 * 20-30 ms of a keystroke: a word is stemmed only if it begins with the first two
 * letters of a query term (Porter's stemmer changes only the end of a word of three
 * letters or more, and every term and prefix here has two or more).
 */
function matcher(words) {
  const starts = new Set(), exact = new Set(), prefixes = []
  for (const word of words) {
    for (const term of [...word.exact, word.prefix, word.text, ...(word.corrected || [])])
      if (term)
        starts.add(term.slice(0, 2))
    for (const term of [...word.exact, ...(word.corrected || []).flatMap(termsOf)])
      exact.add(term)
    if (word.prefix) {
      prefixes.push(word.prefix)
      for (const term of termsOfToken(word.prefix))
        if (term.length >= 4)
          exact.add(term)  // "models" typed: "model" is marked too
    }
  }
  const known = new Map()
  const matchesToken = token => {
    if (ASCII_WORD.test(token)) {
      if (!starts.has(token.slice(0, 2)))
        return false
      const stemmed = stem(token)
      return exact.has(stemmed) ||
        prefixes.some(prefix => token.startsWith(prefix) || stemmed.startsWith(prefix))
    }
    return termsOfToken(token).some(term => exact.has(term)) ||
      prefixes.some(prefix => token.startsWith(prefix)) || exact.has(token)
  }
  return candidate => {
    let found = known.get(candidate)
    if (found === undefined) {
      // Most words of an abstract are plain ASCII: their one token is themselves.
      found = ASCII_ALNUM.test(candidate) ? matchesToken(candidate.toLowerCase())
        : tokensOf(candidate).some(matchesToken)
      known.set(candidate, found)
    }
    return found
  }
}
const ASCII_ALNUM = /^[A-Za-z0-9]+$/

/*
 * What a result shows of its abstract: its start, or, when none of the first
 * EXCERPT_CHARS characters matches the query, the part around the first word that
 * does, so the reader sees why the paper was found.
 */
const EXCERPT_CHARS = 160
const EXCERPT_BEFORE = 50  // characters of context before the word matched
function excerpt(text, matches) {
  if (text.length <= EXCERPT_CHARS)
    return text
  let at = -1
  for (const found of text.matchAll(TOKEN))
    if (matches(found[0])) {
      at = found.index
      break
    }
  // A match within the start's first 130 characters is seen in the start itself.
  const from = at < 0 || at + 30 < EXCERPT_CHARS ? 0 : at - EXCERPT_BEFORE
  let part = text.slice(from, from + EXCERPT_CHARS)
  if (from + EXCERPT_CHARS < text.length)
    part = `${part.replace(/\s+\S*$/u, "")}…`
  if (from > 0)
    part = `…${part.replace(/^\S*\s+/u, "")}`
  return part
}

function highlight(text, matches) {
  let out = "", position = 0
  for (const found of text.matchAll(TOKEN)) {
    if (!matches(found[0]))
      continue
    out += escapeHTML(text.slice(position, found.index))
    out += `<mark data-md-highlight>${escapeHTML(found[0])}</mark>`
    position = found.index + found[0].length
  }
  return out + escapeHTML(text.slice(position))
}

function chunkOf(m, ref) {
  return `docs/${Math.floor(ref / m.chunk)}.json`
}

/* A document as its chunk holds it: [place, title, text, [tag number, ...]]. */
function fromChunk(m, entry) {
  const [place, title, text, tags] = entry
  return { location: locationOf(m, place, title), title, text, tags: tags.map(tag => m.tags[tag]) }
}

async function documentOf(m, ref) {
  const chunk = await fetchJSON(chunkOf(m, ref))
  return fromChunk(m, chunk[ref % m.chunk])
}

/* What has arrived of a document: all of it, its title (no teaser yet), or null. */
function knownDocument(m, ref) {
  const chunk = loaded.get(chunkOf(m, ref))
  if (chunk)
    return fromChunk(m, chunk[ref % m.chunk])
  const part = loaded.get(`titles/${Math.floor(ref / m.titles)}.json`)
  if (part) {
    const [place, title, tags] = part[ref % m.titles]
    return {
      location: locationOf(m, place, title),
      title,
      text: "",
      tags: tags.map(tag => m.tags[tag]),
      partial: true
    }
  }
  return null
}

/*
 * A document's title as matched against a start being typed (NFKC, lower case), if
 * its titles file has arrived; each file's titles are prepared once, on first use.
 */
const matchableTitles = new Map()
function matchableTitle(m, ref) {
  const part = Math.floor(ref / m.titles)
  if (!matchableTitles.has(part)) {
    const titles = loaded.get(`titles/${part}.json`)
    if (!titles)
      return null
    matchableTitles.set(part, titles.map(entry => entry[1].normalize("NFKC").toLowerCase()))
  }
  return matchableTitles.get(part)[ref % m.titles]
}

/* generator/publish/search.py's simple_slug: what most paper slugs begin with. */
function simpleSlug(title) {
  return title.replace(/[A-Z]/g, c => c.toLowerCase()).replace(/[^a-z0-9]+/g, "-")
    .replace(/^-+|-+$/g, "")
}

/*
 * A location as the titles files hold it (generator/publish/search.py's place); a
 * paper's URL is made as the manifest's paper_url says (generator/urls.py).
 */
function locationOf(m, place, title) {
  if (typeof place === "string")
    return place
  const [shared, rest] = typeof place === "number" ? [place, ""] : place
  const [before, after] = m.paper_url
  return `${before}${simpleSlug(title).slice(0, shared)}${rest}${after}`
}

/*
 * Every result's title and link (about 0.6 MB gzip at 20,000 papers), fetched once the
 * first results are on screen: later keystrokes then show their results at once, and
 * the teasers follow. TITLES_AT_ONCE files at a time: the browser's other connections
 * stay free for the shards of the next keystrokes, and each small file is parsed
 * between two keystrokes rather than holding one up.
 */
const TITLES_AT_ONCE = 2
let titlesRequested = false
function loadTitles(m) {
  if (titlesRequested)
    return
  titlesRequested = true
  let next = 0
  const parts = Math.ceil(m.documents / m.titles)
  const more = () => {
    if (next >= parts)
      return Promise.resolve()
    const part = next++
    return fetchJSON(`titles/${part}.json`).then(more, () => { titlesRequested = false })
  }
  for (let k = 0; k < TITLES_AT_ONCE; k++)
    more()
}

/*
 * Material's search syntax (https://squidfunk.github.io/mkdocs-material/plugins/search/#search-syntax)
 * for the words a reader may bring from other sites built with it: "-word" leaves
 * out the papers with that word; "+word" is a word like any other, since every word
 * must match already. Returns { kept: the query without the left-out words, left:
 * those words }.
 */
function splitQuery(query) {
  const left = []
  const kept = query.replace(/(^|\s)([-+])(?=[^\s+-])(\S+)/gu, (_, space, sign, word) => {
    if (sign === "-")
      left.push(word)
    return sign === "-" ? space : space + word
  })
  return { kept, left }
}

/*
 * The `size` best of the entries offered, best first: more words matched, then more
 * of them in the title, then the higher score, then the lower document number.
 */
const better = (a, b) => a.matched - b.matched || a.titled - b.titled || a.total - b.total || b.ref - a.ref
class Best {
  constructor(size) {
    this.size = size
    this.entries = []
  }

  offer(entry) {
    const entries = this.entries
    if (entries.length === this.size && better(entry, entries[entries.length - 1]) <= 0)
      return
    let low = 0, high = entries.length
    while (low < high) {
      const middle = (low + high) >> 1
      if (better(entry, entries[middle]) > 0)
        high = middle
      else
        low = middle + 1
    }
    entries.splice(low, 0, entry)
    if (entries.length > this.size)
      entries.pop()
  }
}

/*
 * The results of `query`. When their titles are known before all their teasers,
 * `early` gets the results without the missing teasers first. Once `wanted()` is
 * false (a newer query came in), it stops before fetching documents: null.
 */
async function search(query, early = () => {}, wanted = () => true) {
  const m = await loadManifest()
  const { kept, left } = splitQuery(query)
  query = kept
  const words = analyse(query, m)
  if (!words.length)
    return { items: [], suggest: [] }
  const found = await Promise.all(words.map(word => matchWordCached(m, word)))
  const dropped = new Set()
  for (const word of analyse(`${left.join(" ")} `, m))
    for (const ref of (await scored(m, new Map(word.exact.map(term => [term, 1])))).scores.keys())
      dropped.add(ref)
  prefetchPrefix(m, words)
  // Keys come faster than files: each query left behind would fetch the document
  // chunks of its own 30 results, and the query typed last would wait behind them.
  if (!wanted())
    return null
  const perWord = found.map(word => word.scores)
  const prefixedTitles = titlePrefix(m, words, perWord)
  if (prefixedTitles.size)
    perWord[words.length - 1] = perWord[words.length - 1].with(prefixedTitles)
  // Highlighting shows what matched: the start of the word that stood in for the
  // word typed, or the words a typo was taken for.
  found.forEach((word, w) => Object.assign(words[w], { corrected: word.corrected, prefix: word.prefix }))
  // Papers with every word in an author's name; when the words may name one person,
  // that person's papers (their whole name's shard is fetched only then).
  let byAuthor = found.filter((_, w) => !words[w].optional).map(word => word.authors)
  let person = null
  if (words.fullName && byAuthor.length && [...byAuthor[0]].some(ref => byAuthor.every(s => s.has(ref)))) {
    person = await matchTerm(m, words.fullName)
    byAuthor = [person.authors]
    if (!wanted())
      return null
  }

  // Every word must match (AND); with no such document, rank by how many match.
  // The papers with every word are looked for among the rarest word's, rather than
  // adding up on every keystroke the thousands that a common word ("model") matches.
  const requiredScores = perWord.filter((_, w) => !words[w].optional)
  let ranked = []
  if (requiredScores.length) {
    const rarest = requiredScores.reduce((a, b) => (a.size <= b.size ? a : b))
    for (const ref of rarest.keys())
      if (requiredScores.every(scores => scores.has(ref)))
        ranked.push(ref)
  }
  if (!ranked.length) {
    const seen = new Uint8Array(m.documents)
    for (const scores of perWord)
      for (const ref of scores.keys())
        if (!seen[ref]) {
          seen[ref] = 1
          ranked.push(ref)
        }
  }
  if (dropped.size)
    ranked = ranked.filter(ref => !dropped.has(ref))
  // A paper whose title has more of the words comes first: a reader looking for a
  // known paper types words of its title ("models embedding benchmarks").
  const titleRefs = found.map((word, w) => words.length > 1 && !words[w].optional ? word.titled : null)
    .filter(refs => refs && refs.size)
  if (prefixedTitles.size)
    titleRefs.push(prefixedTitles)
  const personScores = person && new Map([...person.ids].map((ref, k) => [ref, person.scores[k]]))
  // Thousands of papers for a common word: only the best MAX_RESULTS are kept in order.
  const best = new Best(MAX_RESULTS)
  for (const ref of ranked) {
    let sum = 0, count = 0
    for (let w = 0; w < perWord.length; w++) {
      const score = perWord[w].get(ref)
      if (score === undefined)
        continue
      // A word still too short to filter only breaks ties between the others' results.
      sum += (words[w].optional ? 0.1 : 1) * score
      count += !words[w].optional
    }
    if (personScores && personScores.has(ref))
      sum += personScores.get(ref)
    let titled = 0
    for (const refs of titleRefs)
      titled += refs.has(ref)
    best.offer({ ref, matched: count, titled, total: sum })
  }
  const total = new Map()
  const refs = best.entries.map(entry => {
    total.set(entry.ref, entry.total)
    return entry.ref
  })
  const known = refs.map(ref => knownDocument(m, ref))
  const titled = known.every(doc => doc)
  if (titled && known.some(doc => doc.partial)) {
    early({ ...results(query, words, perWord, byAuthor, total, refs, known), partial: true })
    // The titles are on screen: the teasers wait for a pause in typing, so that the
    // chunks of results about to be replaced do not hold up the next keystroke.
    await new Promise(resolve => setTimeout(resolve, TEASER_PAUSE))
    if (!wanted())
      return null
  }
  const complete = Promise.all(refs.map(ref => documentOf(m, ref)))
  if (!titled) {
    // Material shows the first FIRST_PAGE results until the reader scrolls: they go
    // on screen as soon as their own document chunks are in, not all 30.
    const first = refs.slice(0, FIRST_PAGE)
    const firstDocs = await Promise.all(first.map(ref => documentOf(m, ref))).catch(() => null)
    if (!wanted())
      return null
    if (firstDocs && refs.length > first.length && refs.some(ref => !knownDocument(m, ref)))
      early({ ...results(query, words, perWord, byAuthor, total, first, firstDocs), partial: true })
  }
  let docs
  try {
    docs = await complete
  } catch (err) {
    if (!titled)
      throw err
    docs = known  // offline for a moment: the titles without their teasers
  }
  return results(query, words, perWord, byAuthor, total, refs, docs)
}

/*
 * A short prefix stands for its commonest completions only ("redi": "redistribut",
 * not "redirector"), but the reader typing it after whole words ("rotary redi")
 * mostly means a word of the title of a paper those words find: among those papers,
 * the titles known so far are looked at for a word that begins with it. Returns a
 * Map of the refs whose title has one to the last word's score: the
 * score is TITLE_PREFIX_SCORE times the word's rarity among those titles
 * (1 + ln(titles / titles with that word), an inverse document frequency:
 * https://en.wikipedia.org/wiki/Tf%E2%80%93idf), so that "dataset tun" puts the one
 * title with "Tunnel" above the many with "Tuning"; a paper the word matched already
 * ("diffus" is the stem of "diffusion") gains what its rarity adds.
 */
function titlePrefix(m, words, perWord) {
  const found = new Map()
  const last = words[words.length - 1]
  const scores = perWord[words.length - 1]
  const others = perWord.filter((_, w) => w < words.length - 1 && !words[w].optional)
  if (!last.prefix || !others.length || [...last.prefix].length < MIN_TITLE_PREFIX)
    return found
  const smallest = others.reduce((a, b) => (a.size <= b.size ? a : b))
  const completions = new Map(), titles = new Map()
  for (const ref of smallest.keys()) {
    if (!others.every(other => other.has(ref)))
      continue
    const title = matchableTitle(m, ref)
    // A plain substring test first: thousands of titles are looked at between keys.
    if (!title || !title.includes(last.prefix))
      continue
    const begun = new Set(tokensOf(title).filter(token => token.startsWith(last.prefix) &&
      !(last.excluded && termsOfToken(token).some(term => last.excluded.has(term)))))
    if (!begun.size)
      continue
    titles.set(ref, begun)
    for (const token of begun)
      completions.set(token, (completions.get(token) || 0) + 1)
  }
  for (const [ref, begun] of titles) {
    let rarest = 0
    for (const token of begun)
      rarest = Math.max(rarest, 1 + Math.log(titles.size / completions.get(token)))
    const score = scores.get(ref)
    found.set(ref, score === undefined ? TITLE_PREFIX_SCORE * rarest : score + TITLE_PREFIX_SCORE * (rarest - 1))
  }
  return found
}
const TITLE_PREFIX_SCORE = 10  // about a title word's score for one term

/*
 * A result's title and text as phrases are looked for in them (normal), kept for the
 * results of the next keystrokes, which are mostly the same papers.
 */
const normalTexts = new Map()
const NORMAL_CACHE = 256
function normalOf(ref, doc) {
  let found = normalTexts.get(ref)
  if (!found || (!found.text && doc.text)) {
    if (normalTexts.size >= NORMAL_CACHE)
      normalTexts.delete(normalTexts.keys().next().value)
    found = { title: normal(doc.title), text: normal(doc.text) }
    normalTexts.set(ref, found)
  }
  return found
}

/* Material's RESULT data for the documents `docs` of the refs `refs`. */
function results(query, words, perWord, byAuthor, total, refs, docs) {
  // lunr knows words, not phrases: among these, the query typed as it stands in a
  // title, or an author's whole name, comes first ("Objects from a Single",
  // "Yongbo Chen"), then the words as they stand together in an abstract ("gossip
  // learning") before the same words scattered.
  const phrase = normal(query)
  words.wholeWords = words.wholeWords || words.filter(word => !word.optional).map(word => [word.text,
    new RegExp(`(?<![\\p{L}\\p{N}])${word.text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")}(?![\\p{L}\\p{N}])`, "u")])
  const wholeWords = words.wholeWords
  const rank = refs.map((ref, i) => {
    const doc = docs[i]
    const inTitle = phrase.length > 2 && normalOf(ref, doc).title.includes(phrase)
    const author = phrase.length > 2 && byAuthor.length && byAuthor.every(found => found.has(ref))
    const inText = phrase.includes(" ") && doc.text && normalOf(ref, doc).text.includes(phrase)
    // Then a paper with more of the very words typed: the index matches stems, so
    // "selective" finds papers on "selection" too, and the one that says "selective"
    // is the likelier answer.
    let exact = 0
    if (!inTitle && !author && !inText) {
      const known = normalOf(ref, doc)
      for (const [text, pattern] of wholeWords)
        exact += known.title.includes(text) && pattern.test(known.title) ||
          known.text.includes(text) && pattern.test(known.text)
    }
    return { ref, doc, first: inTitle || author ? 2 : inText ? 1 : 0, exact, i }
  })
  rank.sort((a, b) => b.first - a.first || b.exact - a.exact || a.i - b.i)
  refs = rank.map(r => r.ref)
  docs = rank.map(r => r.doc)

  // The titles shown first and the complete results of a query share one matcher.
  words.matches = words.matches || matcher(words)
  const matches = words.matches
  const items = docs.map((doc, i) => {
    const ref = refs[i]
    const terms = {}
    // Material lists the words a result lacks: a word too short to filter ("hd" being
    // typed) is not looked up, so it is not said to be missing.
    perWord.forEach((scores, w) => {
      if (!words[w].optional)
        terms[words[w].text] = scores.has(ref)
    })
    return [{
      location: doc.location,
      title: highlight(doc.title, matches),
      text: highlight(excerpt(doc.text, matches), matches),
      tags: doc.tags.map(escapeHTML),
      score: total.get(ref),
      terms
    }]
  })

  // Complete the word being typed from the best result's title.
  const suggest = []
  const last = words[words.length - 1]
  if (docs.length && last.prefix) {
    const word = (docs[0].title.toLowerCase().match(/[\p{L}\p{N}]+/gu) || [])
      .find(candidate => candidate.startsWith(last.text))
    if (word)
      suggest.push(word)
  }
  return { items, suggest }
}

/*
 * The query without the word being typed: what the results become when that word
 * turns out to be a stop word ("with") or is deleted. Its documents are fetched
 * when the reader pauses on the current results, so that change does not wait for a
 * dozen document chunks; while keys come fast, nothing competes with the query typed.
 */
const PREFETCH_PAUSE = 120  // ms without a new query
let prefetched = null, pause = null
function prefetchBroader(query) {
  const broader = query.replace(/\S+$/, "")
  if (broader === query || !broader.trim() || broader === prefetched)
    return
  pause = setTimeout(() => {
    prefetched = broader
    const ticket = latest
    search(broader, undefined, () => ticket === latest).then(data => {
      if (!data)
        prefetched = null
    }, () => { prefetched = null })
  }, PREFETCH_PAUSE)
}

addEventListener("message", async ev => {
  const message = ev.data
  if (message.type === SETUP) {
    loadManifest().catch(() => {})  // warm up while the reader starts typing
    postMessage({ type: READY })
  } else if (message.type === QUERY) {
    clearTimeout(pause)
    const ticket = ++latest
    // A newer query has been typed meanwhile: its answer is the one to show.
    const show = data => {
      if (ticket === latest) {
        postMessage({ type: RESULT, data })
        // Once results are on screen: before, the titles' 0.6 MB would compete with
        // the first query's own shards and documents.
        if (data.items.length)
          loadManifest().then(loadTitles).catch(() => {})
      }
    }
    // Keys typed faster than the worker answers (a paste, a fast typist) queue up:
    // only the last of them is worth its shards.
    await new Promise(resolve => setTimeout(resolve, 0))
    if (ticket !== latest)
      return
    let data
    try {
      data = await search(message.data, show, () => ticket === latest)
    } catch (err) {
      data = { items: [] }
      if (err.stale && await reloadManifest().catch(() => false))
        data = await search(message.data, show, () => ticket === latest).catch(again => {
          console.warn(`papersite search: ${again}`)
          return { items: [] }
        })
      else
        console.warn(`papersite search: ${err}`)
    }
    if (data)
      show(data)
    if (ticket === latest)
      prefetchBroader(message.data)
  }
})
