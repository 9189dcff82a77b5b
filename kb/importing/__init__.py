"""Import knowledge-base articles and FAQ pages from files, and load the demo content.

Articles come from JSON Lines files (one object per line) or from folders of Markdown
files with YAML front matter; FAQ pages from YAML files. Every record is validated in
its own savepoint and published (new articles are written together per batch, see
``articles_import``); records that are unchanged are skipped, so running an import
twice changes nothing. Problems are reported per record as
``file:line: reason`` (in Bahasa Indonesia) and never leave a half-written page.

The modules, re-exported here so ``kb.importing.X`` keeps working:

- ``reading``: reading files into SourceRecords; Problem, ImportResult
- ``validation``: typed field reading and messages shared by the importers
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
from kb.importing.reading import (
    JSONL_SUFFIXES,
    MARKDOWN_SUFFIXES,
    YAML_SUFFIXES,
    ImportInputError,
    ImportResult,
    Problem,
    ProgressCallback,
    SourceRecord,
    collect_files,
    read_article_records,
    read_jsonl,
    read_markdown,
    read_yaml_mapping,
)
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
    "JSONL_SUFFIXES",
    "MARKDOWN_SUFFIXES",
    "YAML_SUFFIXES",
    "ArticleInput",
    "DemoResult",
    "FAQInput",
    "ImportInputError",
    "ImportResult",
    "Problem",
    "ProgressCallback",
    "SourceRecord",
    "TopicTree",
    "articles_import",
    "articles_index",
    "bulk_import_active",
    "collect_files",
    "demo_load",
    "faq_pages_import",
    "home_set_intro",
    "kb_home",
    "parse_article",
    "parse_faq",
    "read_article_records",
    "read_jsonl",
    "read_markdown",
    "read_yaml_mapping",
    "search_index_deferred",
    "topics_ensure",
]
