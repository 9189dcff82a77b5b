"""Import knowledge-base articles and FAQ pages from files, and load the demo content.

Articles come from JSON Lines files (one object per line) or from folders of Markdown
files with YAML front matter; FAQ pages from YAML files. Every record is validated in
its own savepoint and published (new articles are written together per batch, see
``articles_import``); records that are unchanged are skipped, so running an import
twice changes nothing. Problems are reported per record as
``file:line: reason`` (in Bahasa Indonesia) and never leave a half-written page.
Reading files, field checks, problems and the report come from the import core
(``ingest``), shared with the regulation and service importers.

The modules, re-exported here so ``kb.importing.X`` keeps working:

- ``results``: ImportResult (the core's report plus timings)
- ``validation``: the files' field names and topic paths
- ``topics``: the KB home and the topic tree under it
- ``indexing``: search indexing deferred during an import, then done in bulk
- ``articles``: the article import
- ``faq``: the FAQ page import
- ``demo``: loading the demo content
"""

from kb.importing.articles import (
    ARTICLE_FIELDS,
    BATCH_SIZE,
    ArticleInput,
    articles_import,
    parse_article,
    read_article_records,
)
from kb.importing.demo import (
    DEMO_DIR,
    DemoResult,
    demo_load,
    home_set_intro,
    topics_ensure,
)
from kb.importing.faq import (
    FAQ_FIELDS,
    FAQ_ITEM_FIELDS,
    FAQInput,
    faq_pages_import,
    parse_faq,
)
from kb.importing.indexing import (
    INDEX_CHUNK,
    articles_index,
    bulk_import_active,
    search_index_deferred,
)
from kb.importing.results import ImportResult, ProgressCallback
from kb.importing.topics import TopicTree, kb_home
from kb.importing.validation import DEFAULT_TOPIC

__all__ = [
    "ARTICLE_FIELDS",
    "BATCH_SIZE",
    "DEFAULT_TOPIC",
    "DEMO_DIR",
    "FAQ_FIELDS",
    "FAQ_ITEM_FIELDS",
    "INDEX_CHUNK",
    "ArticleInput",
    "DemoResult",
    "FAQInput",
    "ImportResult",
    "ProgressCallback",
    "TopicTree",
    "articles_import",
    "articles_index",
    "bulk_import_active",
    "demo_load",
    "faq_pages_import",
    "home_set_intro",
    "kb_home",
    "parse_article",
    "parse_faq",
    "read_article_records",
    "search_index_deferred",
    "topics_ensure",
]
