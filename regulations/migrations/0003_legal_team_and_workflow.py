"""Create the legal team ("Tim Hukum"), its regulation permissions and the review workflow.

Only the legal team (and superusers) may add, change, delete, publish or lock
regulations; the Editors and Moderators groups get the "view" permission only.
"""

from django.db import migrations

GROUP_NAME = "Tim Hukum"
WORKFLOW_NAME = "Tinjauan Hukum"
TASK_NAME = "Tinjauan Tim Hukum"
LEGAL_ACTIONS = ["add", "change", "delete", "view", "publish", "lock", "unlock"]
READ_ONLY_GROUPS = ["Editors", "Moderators"]


def _permission(apps, content_type, action):
    Permission = apps.get_model("auth.Permission")
    permission, _ = Permission.objects.get_or_create(
        content_type=content_type,
        codename=f"{action}_regulation",
        defaults={"name": f"Can {action} peraturan"},
    )
    return permission


def forward(apps, schema_editor):
    ContentType = apps.get_model("contenttypes.ContentType")
    Group = apps.get_model("auth.Group")
    Permission = apps.get_model("auth.Permission")
    Workflow = apps.get_model("wagtailcore.Workflow")
    WorkflowTask = apps.get_model("wagtailcore.WorkflowTask")
    WorkflowContentType = apps.get_model("wagtailcore.WorkflowContentType")
    GroupApprovalTask = apps.get_model("wagtailcore.GroupApprovalTask")

    regulation_type, _ = ContentType.objects.get_or_create(
        app_label="regulations", model="regulation"
    )
    legal, _ = Group.objects.get_or_create(name=GROUP_NAME)
    legal.permissions.add(
        *(_permission(apps, regulation_type, action) for action in LEGAL_ACTIONS)
    )
    admin_type, _ = ContentType.objects.get_or_create(
        app_label="wagtailadmin", model="admin"
    )
    access_admin, _ = Permission.objects.get_or_create(
        content_type=admin_type,
        codename="access_admin",
        defaults={"name": "Can access Wagtail admin"},
    )
    legal.permissions.add(access_admin)

    view = _permission(apps, regulation_type, "view")
    for group in Group.objects.filter(name__in=READ_ONLY_GROUPS):
        group.permissions.add(view)
        group.permissions.remove(
            *Permission.objects.filter(
                content_type=regulation_type,
                codename__in=[
                    f"{action}_regulation" for action in LEGAL_ACTIONS if action != "view"
                ],
            )
        )

    task_type, _ = ContentType.objects.get_or_create(
        app_label="wagtailcore", model="groupapprovaltask"
    )
    task, _ = GroupApprovalTask.objects.get_or_create(
        name=TASK_NAME, defaults={"content_type": task_type, "active": True}
    )
    task.groups.add(legal)
    workflow, _ = Workflow.objects.get_or_create(
        name=WORKFLOW_NAME, defaults={"active": True}
    )
    WorkflowTask.objects.get_or_create(
        workflow=workflow, task=task, defaults={"sort_order": 0}
    )
    WorkflowContentType.objects.update_or_create(
        content_type=regulation_type, defaults={"workflow": workflow}
    )


def backward(apps, schema_editor):
    ContentType = apps.get_model("contenttypes.ContentType")
    apps.get_model("wagtailcore.WorkflowContentType").objects.filter(
        content_type__app_label="regulations", content_type__model="regulation"
    ).delete()
    apps.get_model("wagtailcore.Workflow").objects.filter(name=WORKFLOW_NAME).delete()
    apps.get_model("wagtailcore.Task").objects.filter(name=TASK_NAME).delete()
    apps.get_model("auth.Group").objects.filter(name=GROUP_NAME).delete()
    regulation_type = ContentType.objects.filter(
        app_label="regulations", model="regulation"
    ).first()
    if regulation_type is not None:
        apps.get_model("auth.Permission").objects.filter(
            content_type=regulation_type,
            codename__in=["publish_regulation", "lock_regulation", "unlock_regulation"],
        ).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("regulations", "0002_regulation_publication"),
        ("wagtailcore", "0098_apitoken"),
        ("wagtailadmin", "0001_create_admin_access_permissions"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [migrations.RunPython(forward, backward)]
