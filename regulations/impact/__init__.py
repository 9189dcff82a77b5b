"""Impact of regulation changes on the pages that depend on them, one concern a module.

- ``events``: which changes happened to a regulation by a date, with dated reasons (pure);
- ``sync``: the citation links of published pages and the citations not yet registered;
- ``flags``: the "perlu ditinjau" review flags: raised, listed, resolved;
- ``follows``: who follows a regulation, and the notifications followers get;
- ``check``: the impact check that runs the three on a date (see regulations.tasks).

Pages take part by duck typing, so the registry never imports the knowledge base:
a page model that defines ``citation_texts() -> list[str]`` has its citations synced,
and one with a ``reviewed_on`` date is considered reviewed on that day (otherwise on the
day it was last published). Dates are always passed in (``on=``); ``now=`` defaults to
the clock only at the edge of these actions.
"""
