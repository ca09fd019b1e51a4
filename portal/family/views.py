"""Family views: passcode, plan page, young person's view, calendar feed."""
