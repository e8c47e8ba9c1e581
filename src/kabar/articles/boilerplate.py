"""Scraped boilerplate: lines that belong to the web page, not to the article.

Each pattern is matched against a whole line (after Unicode and whitespace normalisation,
case-insensitive). They describe the furniture of news and blog sites in general —
related-link teasers, video promos, share bars, comment forms, captcha sums, bylines,
photo credits, copyright and "about this site" footers — not any one article.

`SECTION_MARKERS` are headings that start the page's trailing furniture (related posts,
comments, latest news): from such a heading on, a tail without a single prose paragraph
is dropped whole (it is lists of headlines, form labels, footers).
"""

from __future__ import annotations

import re

_WIRE = (r"afp|ap|reuters|epa(?:-efe)?|efe|getty images|antara(?: foto)?|anadolu(?: agency)?|tass|"
         r"ria novosti|sputnik|xinhua|shutterstock|istock|dpa|bloomberg|ukrinform|unian|kompas\.com|"
         r"detik(?:com)?|tempo|cnn indonesia")

BOILERPLATE_PATTERNS: list[tuple[str, str]] = [
    # related-link teasers: "Baca Juga: ...", "BACA JUGA ...", "Lihat juga:", "Simak juga Video '...':"
    ("related_link", r"(?:baca|lihat|simak|tonton|cek)\s+(?:juga|pula|selengkapnya|lainnya)\b.*"),
    ("related_link", r"(?:artikel|berita|topik)\s+(?:terkait|lainnya|pilihan|terpopuler|terbaru)\s*(?::.*)?"),
    ("related_link", r"(?:read|see|watch)\s+(?:also|more)\b.*"),
    ("related_link", r"(?:related|recommended|popular|latest|trending)\s+(?:posts?|articles?|news|stories)\s*:?"),
    ("related_link", r"(?:berita|artikel)\s+(?:terkini|terbaru|populer|terpopuler)|terpopuler|paling populer"),
    # page furniture between paragraphs
    ("ad_marker", r"scroll\s+to\s+continue(?:\s+with\s+content)?|advertisement|iklan|sponsored(?: content)?|"
                  r"konten\s+(?:bersponsor|berlanjut\s+di\s+bawah.*)|(?:gulir|scroll)\s+(?:ke\s+bawah\s+)?untuk\s+melanjutkan.*|"
                  r"lanjutkan\s+membaca.*|continue\s+reading.*"),
    ("pagination", r"(?:halaman|page)\s*(?:selanjutnya|berikutnya|sebelumnya|next|\d+(?:\s*(?:/|dari|of)?\s*\d+)*)"
                   r"(?:\s+(?:selanjutnya|berikutnya|next))?"),
    # navigation and breadcrumbs: "Beranda › Dunia", "Home | Nasional | Internasional"
    ("navigation", r"(?:(?:beranda|home|menu|indeks|index|terkini|nasional|internasional|dunia|ekonomi|bisnis|"
                   r"olahraga|teknologi|hiburan|gaya hidup|opini|video|foto|news|world)\s*[›»>|/·•-]?\s*){1,8}"),
    # share bars and follow prompts
    ("share", r"(?:bagikan|share)(?:\s+(?:artikel|berita)\s+ini|\s+this)?\s*(?::.*)?"),
    ("share", r"(?:(?:facebook|twitter|x|whatsapp|telegram|line|linkedin|pinterest|email|copy link|salin tautan)[\s,|/·•]*){2,}"),
    ("share", r"(?:ikuti|follow|gabung(?:lah)?|bergabung(?:lah)?)\b.{0,80}\b(?:google news|kami|us|(?:channel|saluran|"
              r"grup|kanal)\s+(?:whatsapp|telegram)|(?:whatsapp|telegram)\s+(?:channel|group)|instagram|tiktok|youtube)\b.*"),
    ("share", r"(?:dapatkan|download|unduh)\s+(?:update|berita|informasi|aplikasi|app)\b.*"),
    ("share", r"klik\s+(?:di\s*sini|link|tautan)\b.*"),
    ("source_link", r"tautan\s+sumber|sumber\s+tautan|source\s+link|link\s+sumber"),
    # comment forms
    ("comment_form", r"leave\s+a\s+(?:comment|reply)|tinggalkan\s+(?:komentar|balasan)|kirim\s+komentar|post\s+comment|"
                     r"\d*\s*(?:comments?|komentar|tanggapan)|no\s+comments?(?:\s+yet)?|belum\s+ada\s+komentar"),
    ("comment_form", r"(?:your\s+email\s+address\s+will\s+not\s+be\s+published|alamat\s+email\s+anda\s+tidak\s+akan\s+"
                     r"dipublikasikan|save\s+my\s+name|simpan\s+nama|required\s+fields\s+are\s+marked|"
                     r"ruas\s+yang\s+wajib\s+ditandai).*"),
    ("comment_form", r"(?:nama|name|email|e-mail|website|situs\s+web|komentar|comment)\s*\*?\s*:?\s*\*?"),
    ("comment_form", r"δ|Δ"),  # the hidden anti-spam field of WordPress comment forms
    # captcha sums: "5 × 5 =", "3 + 4 = ?", "dua + 3 ="
    ("captcha", r"(?:\d+|[a-z]+)\s*[×x*+\-−÷/]\s*(?:\d+|[a-z]+)\s*=\s*(?:\d+|\?|_+)?"),
    # bylines and editorial credits
    ("byline", r"by\s+[\w.' -]{1,40}"),
    ("byline", r"(?:oleh|penulis|editor|reporter|redaktur|pewarta|penyunting|kontributor|writer|author)\s*:\s*.{1,80}"),
    ("byline", r"\(\s*[a-z]{1,6}(?:\s*/\s*[a-z]{1,6})+\s*\)"),  # initials of writer/editor: "(ean/aik)"
    # photo credits and captions labels
    ("photo_credit", r"(?:foto|photo|ilustrasi|gambar|image|sumber\s+foto|dok(?:umentasi)?\.?)\s*:.{0,120}"),
    ("photo_credit", r"[^.!?]{0,80}/\s*(?:" + _WIRE + r")(?:\s+via\s+[\w ]+)?"),
    ("photo_credit", r"[^.!?]{0,80}\bvia\s+getty\s+images"),
    # tags
    ("tags", r"(?:tags?|topik|kata\s+kunci|label)\s*:.*"),
    ("tags", r"(?:#\w+[\s,]*){2,}"),
    # copyright and "about this site" footers
    ("copyright", r"(?:©|\(c\)|copyright|hak\s+cipta).*"),
    ("copyright", r".{0,80}\ball\s+rights?\s+reserved\b.*|.{0,80}\bhak\s+cipta\s+dilindungi\b.*"),
    ("site_description", r"[\w .&'-]{2,40}\s+(?:is\s+an?|adalah)\s+(?:\w+\s+){0,2}(?:blog|website|web|site|situs|portal)\b.*"),
    ("site_footer", r"(?:tentang\s+kami|about\s+us|kontak|contact(?:\s+us)?|redaksi|pedoman\s+media\s+siber|"
                    r"kebijakan\s+privasi|privacy\s+policy|disclaimer|syarat\s+(?:dan|&)\s+ketentuan|"
                    r"terms(?:\s+of\s+(?:use|service))?|karir|info\s+iklan|sitemap)(?:\s*[|·•-]\s*.*)?"),
]

SECTION_MARKERS: list[str] = [
    r"(?:related|recommended|popular|latest|trending)\s+(?:posts?|articles?|news|stories)\s*:?",
    r"(?:artikel|berita)\s+(?:terkait|lainnya|terkini|terbaru|populer|terpopuler)\s*:?",
    r"terpopuler|paling populer",
    r"leave\s+a\s+(?:comment|reply)|tinggalkan\s+(?:komentar|balasan)|\d*\s*(?:comments?|komentar)",
]

MAX_BOILERPLATE_CHARS = 300  # longer lines are prose, whatever they start with

BOILERPLATE: list[tuple[str, re.Pattern[str]]] = [
    (name, re.compile(pattern, re.IGNORECASE)) for name, pattern in BOILERPLATE_PATTERNS
]
SECTION_RE = re.compile("|".join(f"(?:{p})" for p in SECTION_MARKERS), re.IGNORECASE)


def boilerplate_kind(line: str) -> str | None:
    """The name of the first pattern matching the whole line, or None for article text."""
    stripped = line.strip().strip("*_>#|-–— ").strip()
    if not stripped or len(stripped) > MAX_BOILERPLATE_CHARS:
        return None
    for name, pattern in BOILERPLATE:
        if pattern.fullmatch(stripped):
            return name
    return None


def is_section_marker(line: str) -> bool:
    return SECTION_RE.fullmatch(line.strip().strip("*_>#|-–— :").strip()) is not None
