"""What a notice of change must say (民法548条の4, 約款第2条) and the announcement email."""
