"""宣传编辑 write and submit; 宣传审核 approve (or reject with a comment) and publish, through
Wagtail's moderation workflow on the whole site. Idempotent; used by the data migration."""

EDITOR, REVIEWER = "宣传编辑", "宣传审核"
WORKFLOW_NAME = "宣传稿件审核"


def ensure_publicity_workflow(apps):
    from django.contrib.auth.management import create_permissions

    for app_config in apps.get_app_configs():
        # create_permissions skips apps without a models module; historical app configs have
        # none, the live registry does (and must keep it: dumpdata and others rely on it).
        saved = getattr(app_config, "models_module", None)
        app_config.models_module = saved or True
        create_permissions(app_config, apps=apps, verbosity=0)
        app_config.models_module = saved
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    ContentType = apps.get_model("contenttypes", "ContentType")
    Page = apps.get_model("wagtailcore", "Page")
    GroupPagePermission = apps.get_model("wagtailcore", "GroupPagePermission")
    Workflow = apps.get_model("wagtailcore", "Workflow")
    WorkflowTask = apps.get_model("wagtailcore", "WorkflowTask")
    WorkflowPage = apps.get_model("wagtailcore", "WorkflowPage")
    GroupApprovalTask = apps.get_model("wagtailcore", "GroupApprovalTask")
    Collection = apps.get_model("wagtailcore", "Collection")
    GroupCollectionPermission = apps.get_model("wagtailcore", "GroupCollectionPermission")

    home = Page.objects.filter(depth=2).order_by("path").first()
    if home is None:
        return
    editor, _ = Group.objects.get_or_create(name=EDITOR)
    reviewer, _ = Group.objects.get_or_create(name=REVIEWER)
    page_type = ContentType.objects.get(app_label="wagtailcore", model="page")
    grants = {editor: ["add_page", "change_page"], reviewer: ["add_page", "change_page", "publish_page"]}
    for group, codenames in grants.items():
        for codename in codenames:
            permission = Permission.objects.get(content_type=page_type, codename=codename)
            GroupPagePermission.objects.get_or_create(group=group, page=home, permission=permission)
        # Images and documents are permitted per collection: the root collection holds them all.
        root = Collection.objects.filter(depth=1).first()
        for codename in ("choose_image", "add_image", "change_image", "choose_document", "add_document",
                         "change_document"):
            found = Permission.objects.filter(codename=codename).first()
            if found and root:
                GroupCollectionPermission.objects.get_or_create(group=group, collection=root, permission=found)

    task_type = ContentType.objects.get(app_label="wagtailcore", model="groupapprovaltask")
    task = GroupApprovalTask.objects.filter(name="宣传审核员审批").first()
    if task is None:
        task = GroupApprovalTask.objects.create(name="宣传审核员审批", content_type=task_type, active=True)
    task.groups.set([reviewer])
    workflow, _ = Workflow.objects.get_or_create(name=WORKFLOW_NAME, defaults={"active": True})
    WorkflowTask.objects.get_or_create(workflow=workflow, task=task, defaults={"sort_order": 0})
    WorkflowPage.objects.update_or_create(page=home, defaults={"workflow": workflow})
