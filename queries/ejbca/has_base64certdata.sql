SELECT to_regclass('base64certdata') IS NOT NULL
