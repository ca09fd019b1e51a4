"""Meeting reminders to family members who chose them, by text message and email.

`schedule` (pure rules: what is due when), `messages` (the words, in the plan's
language), `senders` (GOV.UK Notify and SMTP), `choices` (consent), `job` (the run
that sends what is due, once), `addresses` (the signed addresses messages carry).
"""
