"""The bundled catalog, prepared from catalog/*.toml (generated: do not edit).

Written by ``python -m bomgar_paths._prepare`` from the TOML files, which stay
the source; ``tests/test_catalog.py`` holds the two equal, digest included.
"""

from packaging.specifiers import SpecifierSet
from packaging.version import Version

from .advisories import Advisory, Patch
from .catalog import Catalog
from .model import Family, Package, Requirement

DIGEST = 'sha256:b4dbe21e0ef170814ba655a9a555b91540ccde44f7f027936a450204d7971fd4'

# name, label, soak_hours, install_minutes, priority, clients_update, external
FAMILIES = (
    ('bomgar', 'Bomgar-{version}', 24, 45, 1, True, False),
    ('base', 'Base Software {version}', 0, 30, 2, False, False),
    ('servicenow', 'ServiceNow integration {version}', 0, 60, 20, False, True),
    ('terraform', 'Terraform provider {version}', 0, 15, 21, False, True),
)

# family, specifier: each read once and shared by the packages that name it, as
# the TOML reader shares them (and a specifier text on two families is one set)
REQUIREMENTS = (
    ('bomgar', '>=10.1'),
    ('base', '<3.3,>=3.2'),
    ('bomgar', '>=11.1'),
    ('base', '>=3.3.2'),
    ('bomgar', '>=12.1'),
    ('bomgar', '>=13.1'),
    ('bomgar', '>=14.3'),
    ('bomgar', '>=14.1'),
    ('base', '>=5.0.0'),
    ('bomgar', '>=15.1'),
    ('bomgar', '>=16.1'),
    ('bomgar', '>=17.1'),
    ('bomgar', '>=18.2'),
    ('bomgar', '>=19.1'),
    ('base', '>=6.0.1'),
    ('bomgar', '>=20.1'),
    ('bomgar', '>=21.1'),
    ('bomgar', '>=22.1'),
    ('base', '>=7.0'),
    ('base', '>=7.1'),
    ('bomgar', '>=23.1'),
    ('base', '>=7.2'),
    ('bomgar', '>=24.1'),
    ('bomgar', '>=25.1'),
    ('bomgar', '>=23.2'),
    ('bomgar', '<23,>=15.1'),
    ('bomgar', '>=17'),
    ('bomgar', '>=23.2.1'),
    ('bomgar', '<=24.3.1'),
    ('bomgar', '<=24.3.1,>=22.1'),
    ('bomgar', '<=25.3.1'),
    ('bomgar', '<15.1.1'),
)

# id, title, affects (indexes into REQUIREMENTS), patches ((id, applies_to indexes or
# None), ...), source, uncertain, exploited
ADVISORIES = (
    ('CVE-2024-12356', 'Command injection in Remote Support and Privileged Remote Access (BT24-10)', (28,), (('BT24-10-ONPREM1', (29,)), ('BT24-10-ONPREM2', (29,))), "CVE record CVE-2024-12356 (RS and PRA 'less than or equal 24.3.1'); the vendor was quoted that sites older than 22.1 must upgrade before they can apply the patch", None, True),
    ('CVE-2026-1731', 'Remote Support and Privileged Remote Access vulnerability (BT26-02); on-premises sites need a manual patch', (30,), (('BT26-02', None),), 'CVE record CVE-2026-1731 (RS 25.3.1 and earlier); patch released 2026-02-06', "a secondary source says RS before 25.3.2, which conflicts with the CVE record: the range is the CVE record's; the lowest version the patch applies to is not public", False),
    ('CVE-2015-0935', 'Remote Support vulnerability fixed in 15.1.1', (31,), (), 'nvd.nist.gov/vuln/detail/CVE-2015-0935: fixed in 15.1.1; earlier 15.x (and older) affected', None, False),
)

# family, version, spelling, label, requires (indexes into REQUIREMENTS),
# soak_hours, install_minutes, released (y, m, d), withdrawn, source, notes,
# works_with (indexes into REQUIREMENTS)
PACKAGES = (
    ('bomgar', '10.1.0', '10.1.0', 'Bomgar-10.1.0', (), 24, 45, None, None, 'docs.beyondtrust.com/rs/docs/api-change', None, ()),
    ('bomgar', '10.2.0', '10.2.0', 'Bomgar-10.2.0', (), 24, 45, None, None, 'docs.beyondtrust.com/rs/docs/api-change', None, ()),
    ('bomgar', '10.3.0', '10.3.0', 'Bomgar-10.3.0', (), 24, 45, None, None, 'docs.beyondtrust.com/rs/docs/api-change', None, ()),
    ('bomgar', '10.4.0', '10.4.0', 'Bomgar-10.4.0', (), 24, 45, None, None, 'docs.beyondtrust.com/rs/docs/api-change', None, ()),
    ('bomgar', '10.5.0', '10.5.0', 'Bomgar-10.5.0', (), 24, 45, None, None, 'docs.beyondtrust.com/rs/docs/api-change', None, ()),
    ('bomgar', '10.6.0', '10.6.0', 'Bomgar-10.6.0', (), 24, 45, None, None, 'docs.beyondtrust.com/rs/docs/api-change', None, ()),
    ('bomgar', '11.1.0', '11.1.0', 'Bomgar-11.1.0', (0,), 24, 45, None, None, 'illustrative: from bomgar 10.1 on; release listed in docs.beyondtrust.com/rs/docs/api-change', None, ()),
    ('bomgar', '12.1.0', '12.1.0', 'Bomgar-12.1.0', (1, 2), 24, 45, None, None, 'illustrative: from bomgar 11.1 on; 12.1 predates Base 3.3.2 and installs on Base 3.2.x only (an upper bound that forces 12.1 before Base 3.3.2); release listed in docs.beyondtrust.com/rs/docs/api-change', None, ()),
    ('bomgar', '12.1.4', '12.1.4', 'Bomgar-12.1.4', (1, 2), 24, 45, None, None, 'illustrative: as its line, from bomgar 11.1 on, on Base 3.2.x only; build listed in docs.beyondtrust.com/rs/docs/api-change (API 1.7.1 for 12.1.4+)', None, ()),
    ('bomgar', '12.2.0', '12.2.0', 'Bomgar-12.2.0', (3, 2), 24, 45, None, None, "illustrative: from bomgar 11.1 on; base>=3.3.2 is the upgrade guide's example (greyed on Base 3.2.4: '3.2.4 does not satisfy 12.2.0's requirements'); release listed in docs.beyondtrust.com/rs/docs/api-change", None, ()),
    ('bomgar', '12.3.0', '12.3.0', 'Bomgar-12.3.0', (3, 2), 24, 45, None, None, 'illustrative: from bomgar 11.1 on, on Base 3.3.2 or later as 12.2; release listed in docs.beyondtrust.com/rs/docs/api-change', None, ()),
    ('bomgar', '13.1.0', '13.1.0', 'Bomgar-13.1.0', (3, 4), 24, 45, None, None, 'illustrative: from bomgar 12.1 on, on Base 3.3.2 or later; release listed in docs.beyondtrust.com/rs/docs/api-change', None, ()),
    ('bomgar', '13.1.2', '13.1.2', 'Bomgar-13.1.2', (3, 4), 24, 45, None, None, 'illustrative: as its line, from bomgar 12.1 on, on Base 3.3.2 or later; build seen in public release notes', None, ()),
    ('bomgar', '14.1.0', '14.1.0', 'Bomgar-14.1.0', (3, 5), 24, 45, None, None, 'illustrative: from bomgar 13.1 on, on Base 3.3.2 or later; release listed in docs.beyondtrust.com/rs/docs/api-change', None, ()),
    ('bomgar', '14.2.0', '14.2.0', 'Bomgar-14.2.0', (3, 5), 24, 45, None, None, 'illustrative: from bomgar 13.1 on, on Base 3.3.2 or later; release listed in docs.beyondtrust.com/rs/docs/api-change', None, ()),
    ('bomgar', '14.2.3', '14.2.3', 'Bomgar-14.2.3', (3, 5), 24, 45, None, None, 'illustrative: as its line, from bomgar 13.1 on, on Base 3.3.2 or later; build seen in public release notes', None, ()),
    ('bomgar', '14.3.0', '14.3.0', 'Bomgar-14.3.0', (3, 5), 24, 45, None, None, 'illustrative: from bomgar 13.1 on, on Base 3.3.2 or later; release listed in docs.beyondtrust.com/rs/docs/api-change', None, ()),
    ('bomgar', '14.3.1', '14.3.1', 'Bomgar-14.3.1', (3, 5), 24, 45, None, None, 'illustrative: as its line, from bomgar 13.1 on, on Base 3.3.2 or later; build seen in public release notes', None, ()),
    ('bomgar', '14.3.3+fips', '14.3.3fips', 'Bomgar-14.3.3fips', (3, 6), 24, 45, None, 'FIPS build, for FIPS-mode appliances only: a FIPS site deletes this line from its copy of the catalog', "illustrative: from bomgar 14.3 on (a FIPS build for appliances already on the 14.3 line, so that plans do not route ordinary sites through it), on Base 3.3.2 or later; FIPS build seen in public; the vendor's spelling, read as 14.3.3+fips", "FIPS build. The version keeps the vendor's spelling; the loader reads it as 14.3.3+fips.", ()),
    ('bomgar', '15.1.0', '15.1.0', 'Bomgar-15.1.0', (3, 7), 24, 45, None, None, 'illustrative: from bomgar 14.1 on, on Base 3.3.2 or later; release listed in docs.beyondtrust.com/rs/docs/api-change', 'Vulnerable to CVE-2015-0935 (fixed in 15.1.1).', ()),
    ('bomgar', '15.1.1', '15.1.1', 'Bomgar-15.1.1', (3, 7), 24, 45, None, None, 'illustrative: as its line, from bomgar 14.1 on, on Base 3.3.2 or later; fix for CVE-2015-0935 (nvd.nist.gov/vuln/detail/CVE-2015-0935)', 'Fixes CVE-2015-0935; earlier 15.x releases are vulnerable.', ()),
    ('bomgar', '15.2.0', '15.2.0', 'Bomgar-15.2.0', (3, 7), 24, 45, None, None, 'illustrative: from bomgar 14.1 on, on Base 3.3.2 or later; release listed in docs.beyondtrust.com/rs/docs/api-change', None, ()),
    ('bomgar', '16.1.0', '16.1.0', 'Bomgar-16.1.0', (8, 9), 24, 45, None, None, 'illustrative: from bomgar 15.1 on, on Base 5.x; release listed in docs.beyondtrust.com/rs/docs/api-change', None, ()),
    ('bomgar', '16.2.0', '16.2.0', 'Bomgar-16.2.0', (8, 9), 24, 45, None, None, 'illustrative: from bomgar 15.1 on, on Base 5.x; release listed in docs.beyondtrust.com/rs/docs/api-change', None, ()),
    ('bomgar', '17.1.0', '17.1.0', 'Bomgar-17.1.0', (8, 10), 24, 45, None, None, 'illustrative: from bomgar 16.1 on, on Base 5.x; release listed in docs.beyondtrust.com/rs/docs/api-change', 'Minimum site release for the ServiceNow integration 2.2.7 (2023-03-23): 17.x or later.', ()),
    ('bomgar', '18.2.0', '18.2.0', 'Bomgar-18.2.0', (8, 11), 24, 45, None, None, 'illustrative: from bomgar 17.1 on, on Base 5.x; release listed in docs.beyondtrust.com/rs/docs/api-change', None, ()),
    ('bomgar', '19.1.0', '19.1.0', 'Bomgar-19.1.0', (8, 12), 24, 45, None, None, 'illustrative: from bomgar 18.2 on, on Base 5.x; release listed in docs.beyondtrust.com/rs/docs/api-change', None, ()),
    ('bomgar', '19.2.0', '19.2.0', 'Bomgar-19.2.0', (8, 12), 24, 45, None, None, 'illustrative: from bomgar 18.2 on, on Base 5.x; release listed in docs.beyondtrust.com/rs/docs/api-change', None, ()),
    ('bomgar', '20.1.0', '20.1.0', 'Bomgar-20.1.0', (8, 13), 24, 45, None, None, 'illustrative: from bomgar 19.1 on, on Base 5.x; release listed in docs.beyondtrust.com/rs/docs/api-change', None, ()),
    ('bomgar', '21.1.0', '21.1.0', 'Bomgar-21.1.0', (14, 15), 24, 45, None, None, 'illustrative: from bomgar 20.1 on, on Base 6.0.1 or later; release listed in docs.beyondtrust.com/rs/docs/api-change', None, ()),
    ('bomgar', '21.2.0', '21.2.0', 'Bomgar-21.2.0', (14, 15), 24, 45, None, None, 'illustrative: from bomgar 20.1 on, on Base 6.0.1 or later; release listed in docs.beyondtrust.com/rs/docs/api-change', None, ()),
    ('bomgar', '21.3.0', '21.3.0', 'Bomgar-21.3.0', (14, 15), 24, 45, None, None, 'illustrative: from bomgar 20.1 on, on Base 6.0.1 or later; release listed in docs.beyondtrust.com/rs/docs/api-change', None, ()),
    ('bomgar', '22.1.0', '22.1.0', 'Bomgar-22.1.0', (14, 16), 24, 45, None, None, 'illustrative: from bomgar 21.1 on, on Base 6.0.1 or later; release listed in docs.beyondtrust.com/rs/docs/api-change', 'Minimum for security patch BT24-10-ONPREM1/2 (CVE-2024-12356): older sites must upgrade to 22.1 or later before they can take it.', ()),
    ('bomgar', '22.2.0', '22.2.0', 'Bomgar-22.2.0', (14, 16), 24, 45, None, None, 'illustrative: from bomgar 21.1 on, on Base 6.0.1 or later; release listed in docs.beyondtrust.com/rs/docs/api-change', None, ()),
    ('bomgar', '22.3.0', '22.3.0', 'Bomgar-22.3.0', (14, 16), 24, 45, None, None, 'illustrative: from bomgar 21.1 on, on Base 6.0.1 or later; release listed in docs.beyondtrust.com/rs/docs/api-change', None, ()),
    ('bomgar', '23.1.0', '23.1.0', 'Bomgar-23.1.0', (14, 17), 24, 45, None, None, 'illustrative: from bomgar 22.1 on, on Base 6.0.1 or later; release listed in docs.beyondtrust.com/rs/docs/api-change', None, ()),
    ('bomgar', '23.2.0', '23.2.0', 'Bomgar-23.2.0', (18, 17), 24, 45, None, None, 'inferred: Base 7.0 from the release-note order (Base 7.0.0 listed just before 23.2.1); illustrative: from bomgar 22.1 on; release listed in docs.beyondtrust.com/rs/docs/api-change', None, ()),
    ('bomgar', '23.2.1', '23.2.1', 'Bomgar-23.2.1', (18, 17), 24, 45, None, None, 'inferred: Base 7.0 from the release-note order (Base 7.0.0 listed just before 23.2.1); illustrative: from bomgar 22.1 on; build seen in public release notes', "Minimum site release for the vendor's Terraform provider.", ()),
    ('bomgar', '23.2.2', '23.2.2', 'Bomgar-23.2.2', (18, 17), 24, 45, None, None, 'inferred: Base 7.0 from the release-note order (Base 7.0.0 listed just before 23.2.1); illustrative: from bomgar 22.1 on; build seen in public release notes', None, ()),
    ('bomgar', '23.2.4', '23.2.4', 'Bomgar-23.2.4', (18, 17), 24, 45, None, None, 'inferred: Base 7.0 from the release-note order (Base 7.0.0 listed just before 23.2.1); illustrative: from bomgar 22.1 on; build seen in public release notes', None, ()),
    ('bomgar', '23.3.0', '23.3.0', 'Bomgar-23.3.0', (18, 17), 24, 45, None, None, 'inferred: Base 7.0 from the release-note order (Base 7.0.0 listed just before 23.2.1), carried to 23.3; illustrative: from bomgar 22.1 on; release listed in docs.beyondtrust.com/rs/docs/api-change', None, ()),
    ('bomgar', '23.3.2', '23.3.2', 'Bomgar-23.3.2', (18, 17), 24, 45, None, None, 'inferred: Base 7.0 from the release-note order (Base 7.0.0 listed just before 23.2.1), carried to 23.3; illustrative: from bomgar 22.1 on; build seen in public release notes', None, ()),
    ('bomgar', '23.3.3', '23.3.3', 'Bomgar-23.3.3', (18, 17), 24, 45, None, None, 'inferred: Base 7.0 from the release-note order (Base 7.0.0 listed just before 23.2.1), carried to 23.3; illustrative: from bomgar 22.1 on; build seen in public release notes', None, ()),
    ('bomgar', '23.3.4', '23.3.4', 'Bomgar-23.3.4', (18, 17), 24, 45, None, None, 'inferred: Base 7.0 from the release-note order (Base 7.0.0 listed just before 23.2.1), carried to 23.3; illustrative: from bomgar 22.1 on; build seen in public release notes', None, ()),
    ('bomgar', '23.3.5', '23.3.5', 'Bomgar-23.3.5', (18, 17), 24, 45, None, None, 'inferred: Base 7.0 from the release-note order (Base 7.0.0 listed just before 23.2.1), carried to 23.3; illustrative: from bomgar 22.1 on; build seen in public release notes', None, ()),
    ('bomgar', '24.1.0', '24.1.0', 'Bomgar-24.1.0', (19, 20), 24, 45, None, None, 'inferred: Base 7.1 from the release-note order (Base 7.1.0 listed just before 24.1.1); illustrative: from bomgar 23.1 on; release listed in docs.beyondtrust.com/rs/docs/api-change', None, ()),
    ('bomgar', '24.1.1', '24.1.1', 'Bomgar-24.1.1', (19, 20), 24, 45, None, None, 'inferred: Base 7.1 from the release-note order (Base 7.1.0 listed just before 24.1.1); illustrative: from bomgar 23.1 on; build seen in public release notes', None, ()),
    ('bomgar', '24.1.2', '24.1.2', 'Bomgar-24.1.2', (19, 20), 24, 45, None, None, 'inferred: Base 7.1 from the release-note order (Base 7.1.0 listed just before 24.1.1); illustrative: from bomgar 23.1 on; build seen in public release notes', None, ()),
    ('bomgar', '24.1.3', '24.1.3', 'Bomgar-24.1.3', (19, 20), 24, 45, None, None, 'inferred: Base 7.1 from the release-note order (Base 7.1.0 listed just before 24.1.1); illustrative: from bomgar 23.1 on; build seen in public release notes', None, ()),
    ('bomgar', '24.2.0', '24.2.0', 'Bomgar-24.2.0', (21, 20), 24, 45, None, None, 'inferred: Base 7.2 from the release-note order (Base 7.2.1 listed just before 24.2.2); illustrative: from bomgar 23.1 on; release listed in docs.beyondtrust.com/rs/docs/api-change', None, ()),
    ('bomgar', '24.2.2', '24.2.2', 'Bomgar-24.2.2', (21, 20), 24, 45, None, None, 'inferred: Base 7.2 from the release-note order (Base 7.2.1 listed just before 24.2.2); illustrative: from bomgar 23.1 on; build seen in public release notes', None, ()),
    ('bomgar', '24.3.0', '24.3.0', 'Bomgar-24.3.0', (21, 20), 24, 45, None, None, 'inferred: Base 7.2 from the release-note order (Base 7.2.1 listed just before 24.2.2), carried to 24.3; illustrative: from bomgar 23.1 on; release listed in docs.beyondtrust.com/rs/docs/api-change', None, ()),
    ('bomgar', '24.3.1', '24.3.1', 'Bomgar-24.3.1', (21, 20), 24, 45, None, None, 'inferred: Base 7.2 from the release-note order (Base 7.2.1 listed just before 24.2.2), carried to 24.3; illustrative: from bomgar 23.1 on; build seen in public release notes', None, ()),
    ('bomgar', '25.1.0', '25.1.0', 'Bomgar-25.1.0', (21, 22), 24, 45, None, None, 'illustrative: from bomgar 24.1 on, on Base 7.2 or later; release named in docs.beyondtrust.com/rs (later release docs)', 'Older than 25.1.1, the advised minimum for self-hosted sites after CVE-2026-1731.', ()),
    ('bomgar', '25.1.1', '25.1.1', 'Bomgar-25.1.1', (21, 22), 24, 45, None, None, 'illustrative: as its line, from bomgar 24.1 on, on Base 7.2 or later; advisory for CVE-2026-1731 (nvd.nist.gov/vuln/detail/CVE-2026-1731)', 'Advised minimum for self-hosted sites after CVE-2026-1731.', ()),
    ('bomgar', '25.3.0', '25.3.0', 'Bomgar-25.3.0', (21, 22), 24, 45, None, None, 'illustrative: from bomgar 24.1 on, on Base 7.2 or later; release named in docs.beyondtrust.com/rs (later release docs)', None, ()),
    ('bomgar', '25.3.1', '25.3.1', 'Bomgar-25.3.1', (21, 22), 24, 45, None, None, 'illustrative: as its line, from bomgar 24.1 on, on Base 7.2 or later; build seen in public release notes', None, ()),
    ('bomgar', '26.1.0', '26.1.0', 'Bomgar-26.1.0', (21, 23), 24, 45, None, None, 'illustrative: from bomgar 25.1 on, on Base 7.2 or later; release named in docs.beyondtrust.com/rs (later release docs)', None, ()),
    ('bomgar', '26.2.0', '26.2.0', 'Bomgar-26.2.0', (21, 23), 24, 45, None, None, 'illustrative: from bomgar 25.1 on, on Base 7.2 or later; release named in docs.beyondtrust.com/rs (later release docs)', None, ()),
    ('bomgar', '26.3.0', '26.3.0', 'Bomgar-26.3.0', (21, 23), 24, 45, None, None, 'illustrative: from bomgar 25.1 on, on Base 7.2 or later; release named in docs.beyondtrust.com/rs (later release docs)', None, ()),
    ('base', '3.2.4', '3.2.4', 'Base Software 3.2.4', (), 0, 30, None, None, 'upgrade guide example (the installed Base on the Updates page)', None, ()),
    ('base', '3.3.2', '3.3.2', 'Base Software 3.3.2', (2,), 0, 30, None, None, "illustrative: bomgar>=11.1 keeps the upgrade guide's example, where 3.3.2 is installable on Base 3.2.4 with Bomgar 11.1.x", 'Introduces the Appliance Download Key for manual updates; before Base 3.3.2 the key must be requested from support (upgrade guide).', ()),
    ('base', '5.0.0', '5.0.0', 'Base Software 5.0.0', (9,), 0, 30, None, None, "illustrative: 5.0.0 stands for the 5.x line (an '/appliance Base 5.x' interface guide exists; its versions are not public); bomgar>=15.1 models the site of its era, and 16.1 on need it", None, ()),
    ('base', '6.0.1', '6.0.1', 'Base Software 6.0.1', (15,), 0, 30, None, None, "illustrative: bomgar>=20.1 models the site of its era, and 21.1 on need it; version from a security advisory covering 'Base Software through 6.0.1'", 'A security advisory published 2022-01-05 covers Base Software through 6.0.1 (the advisory date, not a release date).', ()),
    ('base', '7.0.0', '7.0.0', 'Base Software 7.0.0', (17,), 0, 30, None, None, 'illustrative: bomgar>=22.1 models the site of its era; release-note page exists, listed just before 23.2.1', None, ()),
    ('base', '7.1.0', '7.1.0', 'Base Software 7.1.0', (24,), 0, 30, None, None, 'illustrative: bomgar>=23.2 models the site of its era; release-note page exists, listed just before 24.1.1', None, ()),
    ('base', '7.2.1', '7.2.1', 'Base Software 7.2.1', (22,), 0, 30, None, None, 'illustrative: bomgar>=24.1 models the site of its era; release-note page exists, listed just before 24.2.2', None, ()),
    ('servicenow', '2.1.0', '2.1.0', 'ServiceNow integration 2.1.0', (), 0, 60, None, None, 'illustrative: an older integration release that works only with sites before 23 (the vendor publishes no table)', None, (25,)),
    ('servicenow', '2.2.7', '2.2.7', 'ServiceNow integration 2.2.7', (), 0, 60, None, None, 'public: the ServiceNow integration 2.2.7 (2023-03-23) needs site 17.x or later; no upper bound is published', None, (26,)),
    ('terraform', '1.0.0', '1.0.0', 'Terraform provider 1.0.0', (), 0, 15, None, None, "public: the vendor's Terraform provider needs site 23.2.1 or later; the provider's version number is illustrative", None, (27,)),
)


def catalog() -> Catalog:
    families = {spec[0]: Family(*spec) for spec in FAMILIES}
    specifiers: dict[str, SpecifierSet] = {}
    shared = [Requirement(family, specifiers[text] if text in specifiers
                          else specifiers.setdefault(text, SpecifierSet(text)))
              for family, text in REQUIREMENTS]
    packages = tuple(
        Package(
            family=family,
            version=Version(version),
            label=label,
            requires=tuple(shared[i] for i in requires),
            soak_hours=soak_hours,
            install_minutes=install_minutes,
            released=released,
            withdrawn=withdrawn,
            source=source,
            notes=notes,
            spelling=spelling,
            works_with=tuple(shared[i] for i in works_with),
        )
        for (family, version, spelling, label, requires, soak_hours, install_minutes,
             released, withdrawn, source, notes, works_with) in PACKAGES
    )
    advisories = tuple(
        Advisory(ident, title, tuple(shared[i] for i in affects),
                 tuple(Patch(patch, None if applies is None else
                             tuple(shared[i] for i in applies)) for patch, applies in patches),
                 source, uncertain, exploited)
        for ident, title, affects, patches, source, uncertain, exploited in ADVISORIES)
    return Catalog(families, packages, source="bundled", digest=DIGEST, advisories=advisories)
