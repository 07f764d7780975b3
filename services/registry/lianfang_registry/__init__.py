"""Registry service (权力清单): organisation, powers, responsibilities and process flows."""
