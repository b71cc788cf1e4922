"""A second, sample county of the same city and the city bureau's account, for trying the county scope.

The sample county (吕梁市样例县, flagged by its name and its sample villages) has two townships, a few
villages and facilities, and its own bureau account ``yangli``; the city bureau's account ``lvliang``
reads both counties side by side and changes nothing. Its bureau sees nothing of 中阳县, and 中阳县's
bureau nothing of it (accounts.scoping).
"""

from facilities.models import City, County, FacilityKind, Township
from zhongyang_eldercare.accounts.demo import save_demo_account
from zhongyang_eldercare.accounts.models import Role

SAMPLE_COUNTY = {"name": "吕梁市样例县", "code": "yangli-sample"}
# (name, kind, pinyin, villages, of which built)
SAMPLE_TOWNSHIPS = [("样例县城关镇", "town", "yangli-chengguan", 6, 4), ("样例县东山乡", "xiang", "yangli-dongshan", 5, 2)]


def load(*, password, numbers, village, facility, history):
    """Make the sample county with the facilities demo's own makers; return the lines for the command."""
    city = City.objects.order_by("pk").first()
    if city is None:
        return []
    county, _created = County.objects.get_or_create(code=SAMPLE_COUNTY["code"], defaults={"name": SAMPLE_COUNTY["name"]})
    county.city = city
    county.save(update_fields=["city"])
    for position, (name, kind, pinyin, villages, built) in enumerate(SAMPLE_TOWNSHIPS, start=1):
        township, _created = Township.objects.get_or_create(
            name=name, defaults={"county": county, "kind": kind, "pinyin": pinyin, "position": position}
        )
        made = [village(township, number) for number in range(1, villages + 1)]
        township.elderly_population = sum(each.elderly_population for each in made)
        township.save(update_fields=["elderly_population"])
        for index, each in enumerate(made[:built]):
            facility(village=each, kind=FacilityKind.DAY_CARE, history=history(2021, index), number=next(numbers))
    return [
        "Demo accounts of the city and of a second, sample county:",
        save_demo_account("lvliang", Role.CITY, None, f"{city.name}民政局（演示）", password=password, city=city),
        save_demo_account("yangli", Role.BUREAU, None, f"{county.name}民政局（演示）", password=password, county=county),
    ]
