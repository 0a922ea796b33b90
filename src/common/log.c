/* log.c — placeholder replaced in the same change. */
#include "common/log.h"
