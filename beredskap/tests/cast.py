"""The test cast: the people and organisations every test story is told with.

One home for who is who, so that a test reads as a short story ("Cecilia must get 404 on
Uppsala's drafts") and nobody invents a new name per file. The root `conftest.py` loads
this module as a pytest plugin; each member below is a fixture of the same name.

| name    | role        | organisation                                   |
|---------|-------------|------------------------------------------------|
| anna    | respondent  | Uppsala kommun                                 |
| alva    | approver    | Uppsala kommun                                 |
| cecilia | respondent  | Enköping kommun                                |
| bengt   | reviewer    | Länsstyrelsen i Uppsala län                    |
| greta   | reviewer    | Länsstyrelsen i Gotlands län                   |
| tove    | reviewer    | Länsstyrelsen i Uppsala län and i Stockholms län |
| vera    | reviewer    | Länsstyrelsen i Uppsala, Gotlands and Skåne län |
| disa    | respondent  | Uppsala kommun and Enköping kommun             |
| karl    | coordinator | Länsstyrelsen i Kronobergs län                 |
| nadia   | analyst     | Socialstyrelsen (staff, superuser)             |
| olle    | —           | an account with no role                        |

Stories that need many municipalities at once (a whole county answering, the national
compilation) use `stand_in(...)`: one nameless respondent per municipality, or reviewer per
county board, made on first use.
"""

import pytest

PASSWORD = "correct horse battery staple"

UPPSALA = "Uppsala kommun"
ENKOPING = "Enköping kommun"
UPPSALA_BOARD = "Länsstyrelsen i Uppsala län"
STOCKHOLM_BOARD = "Länsstyrelsen i Stockholms län"
GOTLAND_BOARD = "Länsstyrelsen i Gotlands län"
SKANE_BOARD = "Länsstyrelsen i Skåne län"
KRONOBERG_BOARD = "Länsstyrelsen i Kronobergs län"
SOCIALSTYRELSEN = "Socialstyrelsen"

#: name → (role, organisations, extra user fields)
CAST = {
    "anna": ("respondent", [UPPSALA], {}),
    "alva": ("approver", [UPPSALA], {}),
    "cecilia": ("respondent", [ENKOPING], {}),
    "bengt": ("reviewer", [UPPSALA_BOARD], {}),
    "greta": ("reviewer", [GOTLAND_BOARD], {}),
    "tove": ("reviewer", [UPPSALA_BOARD, STOCKHOLM_BOARD], {}),
    "vera": ("reviewer", [UPPSALA_BOARD, GOTLAND_BOARD, SKANE_BOARD], {}),
    "disa": ("respondent", [UPPSALA, ENKOPING], {}),
    "karl": ("coordinator", [KRONOBERG_BOARD], {}),
    "nadia": ("analyst", [SOCIALSTYRELSEN], {"is_staff": True, "is_superuser": True}),
    "olle": (None, [], {}),
}


def person(username: str, *organisations: str, role: str | None = None, **extra):
    """A user with an e-mail address and the password, a member of each organisation."""
    from beredskap.registry import services
    from beredskap.registry.models import Organisation, User

    user = User.objects.create_user(
        username=username,
        password=PASSWORD,
        email=f"{username}@example.org",
        first_name=username.capitalize(),
        **extra,
    )
    for name in organisations:
        organisation = Organisation.objects.get(name=name)
        services.grant_membership(user=user, organisation=organisation, role=role, by=None)
    return user


def member(name: str):
    """The cast member `name`, made as the table above says."""
    role, organisations, extra = CAST[name]
    return person(name, *organisations, role=role, **extra)


def stand_in(role: str, *, municipality: str = "", county: str = ""):
    """The nameless respondent of a municipality (SCB code) or reviewer of a county board
    (county code), made on first use and the same user after that."""
    from beredskap.registry import services
    from beredskap.registry.models import Organisation, User

    code = municipality or county
    username = f"{role}-{code}"
    user = User.objects.filter(username=username).first()
    if user is None:
        user = User.objects.create_user(username=username, email=f"{username}@example.org")
        if municipality:
            organisation = Organisation.objects.get(municipality__code=municipality)
        else:
            organisation = Organisation.objects.get(kind="county_board", county__code=county)
        services.grant_membership(user=user, organisation=organisation, role=role, by=None)
    return user


@pytest.fixture
def anna(reference):
    return member("anna")


@pytest.fixture
def alva(reference):
    return member("alva")


@pytest.fixture
def cecilia(reference):
    return member("cecilia")


@pytest.fixture
def bengt(reference):
    return member("bengt")


@pytest.fixture
def greta(reference):
    return member("greta")


@pytest.fixture
def tove(reference):
    return member("tove")


@pytest.fixture
def vera(reference):
    return member("vera")


@pytest.fixture
def disa(reference):
    return member("disa")


@pytest.fixture
def karl(reference):
    return member("karl")


@pytest.fixture
def nadia(reference):
    return member("nadia")


@pytest.fixture
def olle(reference):
    return member("olle")


@pytest.fixture
def cast(anna, alva, cecilia, bengt, greta, karl, nadia, olle):
    """The main cast at once, by name (those with several organisations join where asked)."""
    return {
        "anna": anna,
        "alva": alva,
        "cecilia": cecilia,
        "bengt": bengt,
        "greta": greta,
        "karl": karl,
        "nadia": nadia,
        "olle": olle,
    }
