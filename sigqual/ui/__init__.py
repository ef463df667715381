"""The Streamlit user interface: the only package that imports streamlit.

Pages describe the screen and call the core; helpers without streamlit live in
modules of their own here so they can be tested as plain functions.
"""
