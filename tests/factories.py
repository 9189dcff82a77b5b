"""Factories for pages and models; pages need `parent=`."""

import datetime

import factory
import wagtail_factories

from kb.models import ArticleFeedback, ArticlePage, FAQItem, FAQPage, TopicIndexPage


class TopicIndexPageFactory(wagtail_factories.PageFactory):
    title = factory.Sequence(lambda n: f"Topik {n}")
    intro = "Panduan topik."

    class Meta:
        model = TopicIndexPage


class ArticlePageFactory(wagtail_factories.PageFactory):
    title = factory.Sequence(lambda n: f"Artikel {n}")
    summary = "Ringkasan artikel."
    body = "## Langkah\n\n1. Buka DJP Online.\n2. Isi formulir."
    reviewed_on = datetime.date(2026, 1, 15)

    class Meta:
        model = ArticlePage


class FAQPageFactory(wagtail_factories.PageFactory):
    title = factory.Sequence(lambda n: f"FAQ {n}")
    intro = "Pertanyaan yang sering diajukan."

    class Meta:
        model = FAQPage


class FAQItemFactory(factory.django.DjangoModelFactory):
    question = factory.Sequence(lambda n: f"Pertanyaan nomor {n}?")
    answer = "Jawaban singkat."

    class Meta:
        model = FAQItem


class ArticleFeedbackFactory(factory.django.DjangoModelFactory):
    helpful = True
    comment = ""
    client_hash = factory.Sequence(lambda n: f"pembaca-{n}")

    class Meta:
        model = ArticleFeedback
