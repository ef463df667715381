"""Outcome follow-up: register extracts and meeting attendance beside the interviews.

Streamlit-free. ``importing`` turns CSV/XLSX extracts into a preview and stores an
accepted one; ``tables`` builds Table 2, its summary, the target group and the meeting
figures; ``figures`` draws Figures 3 and 4; ``joint`` sets each case's outcomes beside
the codes of its interviews; ``publish`` wraps them as exportable tables with
small-number protection.
"""
