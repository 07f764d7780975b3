"""What the warning service keeps of other services: people (registry) and risk points (review)."""
