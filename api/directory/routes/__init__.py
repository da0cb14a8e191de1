"""The directory's routers, in the order their operations are documented.

The app includes each one itself: a router nested in another is matched again at
each level on every request (FastAPI 0.165), which cost more than the route.
"""

from api.directory.routes import assignments, districts, oneroster, people, schools

TAG = "directory"
routers = [module.router for module in (districts, schools, people, assignments, oneroster)]
