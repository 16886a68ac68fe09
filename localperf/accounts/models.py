"""Users: each belongs to one organisation and holds one role."""

from django.contrib.auth.models import AbstractUser
from django.db import models


class Role(models.TextChoices):
    PERFORMANCE_MANAGER = "performance_manager", "LSP performance manager"
    PARTNER_OFFICER = "partner_officer", "Partner organisation officer"
    GO_LOCALITY_MANAGER = "go_locality_manager", "Government Office locality manager"
    GO_REGIONAL_DIRECTOR = "go_regional_director", "Government Office Regional Director"
    CENTRAL_APPROVER = (
        "central_approver",
        "Central government approver (for the Secretary of State)",
    )
    CENTRAL_ANALYST = "central_analyst", "Central government analyst"
    INSPECTOR = "inspector", "Inspector"
    # A department, or the national collection that fed the Data Interchange Hub: sends
    # national indicators' figures for every area (observations.rights).
    DATA_PROVIDER = "data_provider", "Data provider (national collection)"
    ADMINISTRATOR = "administrator", "System administrator"
    # Rules A3, D3: the statutory education and early years targets are set per year by
    # DCSF, not through the partnership's revisions; its officer records each change.
    DEPARTMENT_TARGET_OFFICER = (
        "department_target_officer",
        "DCSF officer (statutory education and early years targets)",
    )


GOVERNMENT_OFFICE_ROLES = frozenset({Role.GO_LOCALITY_MANAGER, Role.GO_REGIONAL_DIRECTOR})
# Central government is CLG and the departments (DOMAIN: "Central government (CLG,
# departments)"): DCSF's officer sees the national picture as CLG's analysts do (rule N1).
# Approving for the Secretary of State stays the central approver's alone.
CENTRAL_ROLES = frozenset(
    {Role.CENTRAL_APPROVER, Role.CENTRAL_ANALYST, Role.DEPARTMENT_TARGET_OFFICER}
)


class User(AbstractUser):
    organisation = models.ForeignKey(
        "organisations.Organisation",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="users",
    )
    role = models.CharField(max_length=32, choices=Role.choices, blank=True)

    class Meta:
        constraints = [
            # Everyone except an administrator works for an organisation.
            models.CheckConstraint(
                condition=models.Q(role="administrator")
                | models.Q(role="")
                | models.Q(organisation__isnull=False),
                name="user_role_needs_organisation",
            )
        ]

    @property
    def display_name(self) -> str:
        return self.get_full_name() or self.username
