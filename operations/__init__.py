"""Operating the site: backups of the database and uploaded files, restoring them, and
proving a restore holds the same content (a manifest of counts and content hashes).

Above the apps (it reads pages, revisions, the registry, the service history and the
search index to prove a restore), below ``config``.
"""
