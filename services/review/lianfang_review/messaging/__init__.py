"""What crosses Kafka: registry events in (replica and reactions), review contracts out."""
