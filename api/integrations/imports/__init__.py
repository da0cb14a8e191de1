"""Import jobs: an uploaded file run through one of the directory's, goals' or mentoring's
importers, dry or for real, in the request or in `trellis worker`."""
