"""The grid's fixed data kept in spreadsheets: grid nodes, party organisations, teams, service
points, demands collected on paper, and the 爱心超市's rewards. Each has a natural key, so a file
imported twice adds nothing."""

from django.core.exceptions import ValidationError
from import_export.fields import Field

from volunteer import scope, services
from volunteer.imports.cleaning import clean_text
from volunteer.imports.widgets import (
    BoundaryWidget,
    ChoiceWidget,
    NumberWidget,
    ScopedLookupWidget,
    TextWidget,
    YesNoWidget,
)
from volunteer.models import (
    Demand,
    DemandChannel,
    DemandStatus,
    Grid,
    OrgKind,
    OrgLevel,
    PartyOrganization,
    PointKind,
    Reward,
    ServiceCategory,
    ServicePoint,
    Team,
    TeamKind,
    Urgency,
)
from volunteer.resources.base import EXAMPLE_MEMBER, ServiceResource, members_by_id_number
from volunteer.validators import normalize_id_card, validate_mobile


def grid_lookup(label, required=True):
    return ScopedLookupWidget(Grid.objects.all(), label, name_fields=("label", "name"), required=required)


def _cell(resource, column, row, user):
    """A lookup column's value (or its error) without making it a model field."""
    try:
        return resource.fields[column].widget.clean(row.get(resource.fields[column].column_name), user=user)
    except ValueError as error:
        raise ValidationError({column: str(error)})


class GridResource(ServiceResource):
    kind = "网格"
    example = {"名称": "第一网格", "编码": "QH-CJ-ZY-01", "上级网格": "春江街道·朝阳社区", "中心纬度": "", "中心经度": ""}
    aliases = {"名称": ["网格名称", "节点名称"], "编码": ["网格编码", "代码"], "上级网格": ["上级", "所属网格"],
               "中心纬度": ["纬度"], "中心经度": ["经度"]}
    # The boundary is optional: the GeoJSON text in one cell (an Excel cell holds 32,767 characters).
    aliases = aliases | {"边界（GeoJSON）": ["边界", "GeoJSON", "边界GeoJSON"]}
    compared = ["name", "centroid_lat", "centroid_lng", "boundary"]
    extra_headings = {"parent": "上级网格"}

    name = Field(attribute="name", column_name="名称", widget=TextWidget(required=True, label="名称"))
    code = Field(attribute="code", column_name="编码", widget=TextWidget(required=True, label="编码"))
    parent = Field(attribute=None, column_name="上级网格", readonly=True, widget=grid_lookup("上级网格", required=False))
    centroid_lat = Field(attribute="centroid_lat", column_name="中心纬度", widget=NumberWidget("中心纬度", places="0.000001"))
    centroid_lng = Field(attribute="centroid_lng", column_name="中心经度", widget=NumberWidget("中心经度", places="0.000001"))
    # An empty cell (or no such column) keeps the stored boundary; clear one in the node's edit form.
    boundary = Field(attribute="boundary", column_name="边界（GeoJSON）", widget=BoundaryWidget(),
                     saves_null_values=False)

    class Meta(ServiceResource.Meta):
        model = Grid
        fields = ["name", "code", "parent", "centroid_lat", "centroid_lng", "boundary"]
        import_id_fields = []

    def get_instance(self, instance_loader, row):
        code = clean_text(row.get("编码")).replace(" ", "")
        return self.remember(Grid.objects.filter(code__iexact=code).first()) if code else None

    def save_with_service(self, instance, row, user):
        if instance.pk:
            services.update_grid(instance, user=user)
            return
        parent = _cell(self, "parent", row, user)
        services.create_grid(parent=parent, name=instance.name, code=instance.code, user=user,
                             centroid_lat=instance.centroid_lat, centroid_lng=instance.centroid_lng,
                             boundary=instance.boundary)


class OrganizationResource(ServiceResource):
    kind = "党组织"
    example = {"组织名称": "朝阳社区党支部", "组织编码": "ORG-ZY-01", "组织层级": "党支部", "组织类别": "社区",
               "所在网格": "春江街道·朝阳社区", "上级组织": "", "书记": "王芳", "联系电话": "0519-88880000"}
    aliases = {"组织名称": ["党组织名称", "名称"], "组织编码": ["编码", "代码"], "组织层级": ["层级"],
               "组织类别": ["类别", "组织类型"], "所在网格": ["网格"], "上级组织": ["上级党组织"],
               "书记": ["党组织书记"], "联系电话": ["电话"]}
    compared = ["name", "level", "kind", "grid_id", "parent_id", "secretary", "contact_phone"]

    name = Field(attribute="name", column_name="组织名称", widget=TextWidget(required=True, label="组织名称"))
    code = Field(attribute="code", column_name="组织编码", widget=TextWidget(required=True, label="组织编码"))
    level = Field(attribute="level", column_name="组织层级", widget=ChoiceWidget(OrgLevel.choices, "组织层级"))
    org_kind = Field(attribute="kind", column_name="组织类别", widget=ChoiceWidget(OrgKind.choices, "组织类别"))
    grid = Field(attribute="grid", column_name="所在网格", widget=grid_lookup("所在网格"))
    parent = Field(attribute="parent", column_name="上级组织",
                   widget=ScopedLookupWidget(PartyOrganization.objects.all(), "上级组织", required=False))
    secretary = Field(attribute="secretary", column_name="书记", widget=TextWidget(name=True))
    contact_phone = Field(attribute="contact_phone", column_name="联系电话", widget=TextWidget())

    class Meta(ServiceResource.Meta):
        model = PartyOrganization
        fields = ["name", "code", "level", "org_kind", "grid", "parent", "secretary", "contact_phone"]
        import_id_fields = []

    def get_instance(self, instance_loader, row):
        code = clean_text(row.get("组织编码")).replace(" ", "")
        return self.remember(PartyOrganization.objects.filter(code__iexact=code).first()) if code else None

    def save_with_service(self, instance, row, user):
        services.save_organization(instance, user=user)


class ServicePointResource(ServiceResource):
    kind = "服务阵地"
    example = {"阵地名称": "朝阳社区党员义工服务点", "阵地类型": "党员义工服务点", "所在网格": "春江街道·朝阳社区",
               "地址": "朝阳路1号", "开放时间": "周一至周五 9:00-17:00", "有机构": "是", "有制度": "是", "有队伍": "是",
               "有活动": "否"}
    aliases = {"阵地名称": ["名称", "服务点名称"], "阵地类型": ["类型"], "所在网格": ["网格"], "地址": ["详细地址"],
               "开放时间": ["服务时间"], "有机构": [], "有制度": [], "有队伍": [], "有活动": []}
    compared = ["kind", "address", "opening_hours", "has_organization", "has_rules", "has_team", "has_activities"]

    name = Field(attribute="name", column_name="阵地名称", widget=TextWidget(required=True, label="阵地名称"))
    point_kind = Field(attribute="kind", column_name="阵地类型", widget=ChoiceWidget(PointKind.choices, "阵地类型"))
    grid = Field(attribute="grid", column_name="所在网格", widget=grid_lookup("所在网格"))
    address = Field(attribute="address", column_name="地址", widget=TextWidget(required=True, label="地址"))
    opening_hours = Field(attribute="opening_hours", column_name="开放时间", widget=TextWidget())
    has_organization = Field(attribute="has_organization", column_name="有机构", widget=YesNoWidget("有机构"))
    has_rules = Field(attribute="has_rules", column_name="有制度", widget=YesNoWidget("有制度"))
    has_team = Field(attribute="has_team", column_name="有队伍", widget=YesNoWidget("有队伍"))
    has_activities = Field(attribute="has_activities", column_name="有活动", widget=YesNoWidget("有活动"))

    class Meta(ServiceResource.Meta):
        model = ServicePoint
        fields = ["name", "point_kind", "grid", "address", "opening_hours", "has_organization", "has_rules", "has_team",
                  "has_activities"]
        import_id_fields = []

    def get_instance(self, instance_loader, row):
        """Same name in the same grid: the same point."""
        grid = self.reference("grid", row)
        return self.remember(ServicePoint.objects.filter(name=clean_text(row.get("阵地名称")), grid=grid).first()
                             if grid else None)

    def save_with_service(self, instance, row, user):
        services.save_service_point(instance, user=user)


class TeamResource(ServiceResource):
    kind = "服务队伍"
    example = {"队伍名称": "朝阳社区银龄服务队", "组建方式": "按需求组建", "所在网格": "春江街道·朝阳社区", "依托组织": "",
               "队长身份证号": EXAMPLE_MEMBER["身份证号"], "服务品牌": "银龄关爱", "季度目标服务时长": 120, "队伍简介": ""}
    aliases = {"队伍名称": ["名称", "服务队名称"], "组建方式": ["类型"], "所在网格": ["网格"], "依托组织": ["所属组织"],
               "队长身份证号": ["队长证件号码", "队长身份证"], "服务品牌": ["品牌"],
               "季度目标服务时长": ["季度目标时长", "季度目标"], "队伍简介": ["简介"]}
    compared = ["kind", "organization_id", "leader_id", "brand_name", "target_hours_per_quarter", "description"]
    extra_headings = {"leader": "队长身份证号"}

    name = Field(attribute="name", column_name="队伍名称", widget=TextWidget(required=True, label="队伍名称"))
    team_kind = Field(attribute="kind", column_name="组建方式", widget=ChoiceWidget(TeamKind.choices, "组建方式"))
    grid = Field(attribute="grid", column_name="所在网格", widget=grid_lookup("所在网格"))
    organization = Field(attribute="organization", column_name="依托组织",
                         widget=ScopedLookupWidget(PartyOrganization.objects.all(), "依托组织", required=False))
    leader = Field(attribute=None, column_name="队长身份证号", readonly=True, widget=TextWidget(required=True, label="队长"))
    brand_name = Field(attribute="brand_name", column_name="服务品牌", widget=TextWidget())
    target = Field(attribute="target_hours_per_quarter", column_name="季度目标服务时长",
                   widget=NumberWidget("季度目标服务时长", unit="小时", places="1"))
    description = Field(attribute="description", column_name="队伍简介", widget=TextWidget())

    class Meta(ServiceResource.Meta):
        model = Team
        fields = ["name", "team_kind", "grid", "organization", "leader", "brand_name", "target", "description"]
        import_id_fields = []

    def before_import(self, dataset, user=None, **kwargs):
        super().before_import(dataset, user=user, **kwargs)
        self._leaders = members_by_id_number(dataset["队长身份证号"], user)

    def get_instance(self, instance_loader, row):
        grid = self.reference("grid", row)
        return self.remember(Team.objects.filter(name=clean_text(row.get("队伍名称")), grid=grid).first()
                             if grid else None)

    def import_instance(self, instance, row, **kwargs):
        errors = {}
        try:
            super().import_instance(instance, row, **kwargs)
        except ValidationError as error:
            errors = error.message_dict
        leader = self._leaders.get(normalize_id_card(row.get("队长身份证号")))
        if leader is None:
            errors.setdefault("leader", []).append("队长不在党员名册中或不在您的管辖范围内")
        else:
            instance.leader = leader
        instance.target_hours_per_quarter = int(instance.target_hours_per_quarter or 0)
        if errors:
            raise ValidationError(errors)

    def save_with_service(self, instance, row, user):
        services.save_team(instance, user=user)


class DemandResource(ServiceResource):
    """Demands collected on paper (走访、信箱、窗口). The same resident's same request in the same
    grid, still open, is the same demand."""

    kind = "群众需求"
    example = {"需求标题": "楼道灯坏了需要更换", "需求描述": "3号楼2单元楼道灯不亮", "需求类别": "生活照料",
               "所在网格": "春江街道·朝阳社区·第一网格", "群众姓名": "李阿姨", "联系电话": "13900000000",
               "住址": "朝阳新村3-2-101", "紧急程度": "一般", "收集渠道": "上门走访",
               "收集点": "朝阳社区党员义工服务点"}
    aliases = {"需求标题": ["标题", "需求"], "需求描述": ["描述", "具体需求"], "需求类别": ["类别"], "所在网格": ["网格"],
               "群众姓名": ["姓名", "居民姓名"], "联系电话": ["电话", "手机", "手机号"], "住址": ["地址", "家庭住址"],
               "紧急程度": ["紧急"], "收集渠道": ["渠道", "来源"], "收集点": ["收集阵地", "信箱所在阵地"]}
    compared = ["description", "category_id", "urgency", "resident_name", "resident_address", "channel",
                "collection_point_id"]

    title = Field(attribute="title", column_name="需求标题", widget=TextWidget(required=True, label="需求标题"))
    description = Field(attribute="description", column_name="需求描述", widget=TextWidget(required=True, label="需求描述"))
    category = Field(attribute="category", column_name="需求类别",
                     widget=ScopedLookupWidget(ServiceCategory.objects.all(), "需求类别", code_field=None, scoped=False))
    grid = Field(attribute="grid", column_name="所在网格", widget=grid_lookup("所在网格"))
    resident_name = Field(attribute="resident_name", column_name="群众姓名", widget=TextWidget(required=True, label="群众姓名",
                                                                                          name=True))
    resident_phone = Field(attribute="resident_phone", column_name="联系电话", widget=TextWidget(required=True, label="联系电话"))
    resident_address = Field(attribute="resident_address", column_name="住址", widget=TextWidget())
    urgency = Field(attribute="urgency", column_name="紧急程度", widget=ChoiceWidget(Urgency.choices, "紧急程度", required=False))
    channel = Field(attribute="channel", column_name="收集渠道", widget=ChoiceWidget(DemandChannel.choices, "收集渠道"))
    collection_point = Field(attribute="collection_point", column_name="收集点",
                             widget=ScopedLookupWidget(ServicePoint.objects.all(), "收集点", code_field="public_code",
                                                       required=False))

    class Meta(ServiceResource.Meta):
        model = Demand
        fields = ["title", "description", "category", "grid", "resident_name", "resident_phone", "resident_address",
                  "urgency", "channel", "collection_point"]
        import_id_fields = []

    def get_instance(self, instance_loader, row):
        grid = self.reference("grid", row)
        try:
            phone = validate_mobile(row.get("联系电话"))
        except ValidationError:
            return None
        if grid is None:
            return None
        return self.remember(scope.restrict(Demand.objects.all(), self._user).filter(
            grid=grid, title=clean_text(row.get("需求标题")), resident_phone=phone,
            status__in=[DemandStatus.NEW, DemandStatus.ACCEPTED]).first())

    def import_instance(self, instance, row, **kwargs):
        errors = {}
        try:
            super().import_instance(instance, row, **kwargs)
        except ValidationError as error:
            errors = error.message_dict
        try:
            instance.resident_phone = validate_mobile(row.get("联系电话"))
        except ValidationError as error:
            errors.setdefault("resident_phone", []).extend(error.messages)
        instance.urgency = instance.urgency or Urgency.NORMAL
        if errors:
            raise ValidationError(errors)

    def save_with_service(self, instance, row, user):
        if instance.pk:
            services.update_demand(instance, user=user)
        else:
            services.intake_demand(instance, user=user)


class RewardResource(ServiceResource):
    kind = "爱心超市商品"
    example = {"商品名称": "洗衣液", "商品类别": "日用品", "兑换积分": 30, "所在爱心超市": "春江街道新时代文明实践所", "上架": "是"}
    aliases = {"商品名称": ["名称", "商品"], "商品类别": ["类别"], "兑换积分": ["积分", "所需积分"],
               "所在爱心超市": ["爱心超市", "超市"], "上架": ["是否上架"]}
    compared = ["category", "points_price", "is_active"]

    name = Field(attribute="name", column_name="商品名称", widget=TextWidget(required=True, label="商品名称"))
    category = Field(attribute="category", column_name="商品类别", widget=TextWidget())
    points_price = Field(attribute="points_price", column_name="兑换积分",
                         widget=NumberWidget("兑换积分", unit="分", required=True))
    store = Field(attribute="store", column_name="所在爱心超市",
                  widget=ScopedLookupWidget(ServicePoint.objects.all(), "所在爱心超市", code_field="public_code"))
    is_active = Field(attribute="is_active", column_name="上架", widget=YesNoWidget("上架", default=True))

    class Meta(ServiceResource.Meta):
        model = Reward
        fields = ["name", "category", "points_price", "store", "is_active"]
        import_id_fields = []

    def get_instance(self, instance_loader, row):
        store = self.reference("store", row)
        return self.remember(Reward.objects.filter(name=clean_text(row.get("商品名称")), store=store).first()
                             if store else None)

    def save_with_service(self, instance, row, user):
        services.save_reward(instance, user=user)
