"""Professional views: sign in and out, plan list, plan forms, sharing."""
