GREETING = "hello from gw_helper"
