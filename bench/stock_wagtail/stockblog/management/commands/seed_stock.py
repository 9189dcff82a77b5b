"""Put one TKB demo article (a Markdown file with front matter) on the stock site."""

import datetime
from pathlib import Path

import markdown
import yaml
from django.core.management.base import BaseCommand
from wagtail.models import Site

from stockblog.models import ArticlePage


class Command(BaseCommand):
    help = "Create or refresh an article page under the home page from a TKB demo file."

    def add_arguments(self, parser):
        parser.add_argument("source", type=Path)
        parser.add_argument("--slug", required=True)

    def handle(self, *args, source, slug, **options):
        _, front, text = source.read_text(encoding="utf-8").split("---", 2)
        meta = yaml.safe_load(front)
        body = markdown.markdown(text, extensions=["tables"])
        home = Site.objects.get(is_default_site=True).root_page
        fields = {
            "title": meta["title"],
            "intro": meta.get("summary", "")[:250],
            "body": body,
            "date": datetime.date.today(),
        }
        page = ArticlePage.objects.filter(slug=slug).first()
        if page is None:
            page = ArticlePage(slug=slug, **fields)
            home.add_child(instance=page)
        for name, value in fields.items():
            setattr(page, name, value)
        page.save_revision().publish()
        self.stdout.write(page.url)
