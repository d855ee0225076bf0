"""Privacy: the privacy statement and what is kept how long (the daily retention job). It sits
above the apps whose data it deletes (assessments, audit), so none of them imports it."""
