"""What the screens show and change, without Textual: plain classes the screens
drive and draw, so their rules can be tested without a terminal."""
