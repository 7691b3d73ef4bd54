"""The Regional Organised Crime Units of England and Wales and the forces each covers.

Source and date of each fact: docs/rocus.md. Loaded by migration
accounts.0002_rocus; later corrections are made in the admin (contact emails)
or by a new migration (a force moving between ROCUs).

Contact emails are placeholders on the reserved ``.example`` domain: each ROCU's
HR team sets its real recruitment address in the admin before going live, so
that no test or demo ever writes to a real police mailbox.
"""

ROCUS = (
    {
        "short_name": "NERSOU",
        "name": "North East Regional Special Operations Unit",
        "slug": "nersou",
        "region": "north_east",
        "forces": ("Cleveland Police", "Durham Constabulary", "Northumbria Police"),
    },
    {
        "short_name": "TITAN",
        "name": "TITAN, the North West Regional Organised Crime Unit",
        "slug": "titan",
        "region": "north_west",
        "forces": (
            "Cheshire Constabulary",
            "Cumbria Constabulary",
            "Greater Manchester Police",
            "Lancashire Constabulary",
            "Merseyside Police",
            "North Wales Police",
        ),
    },
    {
        "short_name": "Yorkshire and Humber ROCU",
        "name": "Yorkshire and Humber Regional Organised Crime Unit",
        "slug": "yhrocu",
        "region": "yorkshire_humber",
        "forces": (
            "Humberside Police",
            "North Yorkshire Police",
            "South Yorkshire Police",
            "West Yorkshire Police",
        ),
    },
    {
        "short_name": "EMSOU",
        "name": "East Midlands Special Operations Unit",
        "slug": "emsou",
        "region": "east_midlands",
        "forces": (
            "Derbyshire Constabulary",
            "Leicestershire Police",
            "Lincolnshire Police",
            "Northamptonshire Police",
            "Nottinghamshire Police",
        ),
    },
    {
        "short_name": "ROCU West Midlands",
        "name": "Regional Organised Crime Unit for the West Midlands",
        "slug": "rocuwm",
        "region": "west_midlands",
        "forces": (
            "Staffordshire Police",
            "Warwickshire Police",
            "West Mercia Police",
            "West Midlands Police",
        ),
    },
    {
        "short_name": "ERSOU",
        "name": "Eastern Region Special Operations Unit",
        "slug": "ersou",
        "region": "eastern",
        "forces": (
            "Bedfordshire Police",
            "Cambridgeshire Constabulary",
            "Essex Police",
            "Hertfordshire Constabulary",
            "Kent Police",
            "Norfolk Constabulary",
            "Suffolk Constabulary",
        ),
    },
    {
        "short_name": "SEROCU",
        "name": "South East Regional Organised Crime Unit",
        "slug": "serocu",
        "region": "south_east",
        "forces": (
            "Hampshire and Isle of Wight Constabulary",
            "Surrey Police",
            "Sussex Police",
            "Thames Valley Police",
        ),
    },
    {
        "short_name": "Zephyr",
        "name": "Zephyr, the South West Regional Organised Crime Unit",
        "slug": "zephyr",
        "region": "south_west",
        "forces": (
            "Avon and Somerset Police",
            "Devon and Cornwall Police",
            "Dorset Police",
            "Gloucestershire Constabulary",
            "Wiltshire Police",
        ),
    },
    {
        "short_name": "TARIAN",
        "name": "TARIAN, the Southern Wales Regional Organised Crime Unit",
        "slug": "tarian",
        "region": "wales",
        "forces": ("Dyfed-Powys Police", "Gwent Police", "South Wales Police"),
    },
)


# The force that hosts (employs the staff of) each ROCU, whose vetting unit vets
# its candidates. Confidence and sources per row: docs/rocus.md. No real vetting
# unit address is recorded here: until HR enter one, candidates are pointed at the
# ROCU's own contact address (Rocu.vetting_contact_email).
HOST_FORCES = {
    "nersou": "Durham Constabulary",
    "titan": "Greater Manchester Police",
    "yhrocu": "West Yorkshire Police",
    "emsou": "Leicestershire Police",
    "rocuwm": "West Midlands Police",
    "ersou": "Bedfordshire Police",
    "serocu": "Thames Valley Police",
    "zephyr": "Avon and Somerset Police",
    "tarian": "South Wales Police",
}


def vetting_unit_name(force_name: str) -> str:
    return f"{force_name} Vetting Unit"


def placeholder_contact_email(slug: str) -> str:
    return f"toex-recruitment@{slug}.rocu.example"
