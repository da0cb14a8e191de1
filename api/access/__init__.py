"""Who sees and changes which district, school, partner, person and event, as SQL.

One package above the areas' tables and below their services: it reads the models
only, so every service (and the change feed) applies the same scope and imports run
one way: services -> access -> models.
"""
