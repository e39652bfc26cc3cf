-- LoRaWAN network servers name devices by their DevEUI; Varde keeps it in metadata.dev_eui.
CREATE INDEX devices_dev_eui_idx ON devices (lower(metadata ->> 'dev_eui')) WHERE metadata ? 'dev_eui';
