"""Open data: the validated directory as files other sites, the prefecture and apps reuse (/data/).

Each module turns a `Directory` into the bytes of one file and names nothing of MkDocs:
records_json.py (records.json and its JSON Schema), records_csv.py, events_csv.py, hsds.py
(Open Referral HSDS 3.0) and calendars.py (the index of the town .ics feeds). catalogue.py
makes them all and describes each for the /data/ page.
"""
