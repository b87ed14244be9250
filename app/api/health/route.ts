import { route } from "@/lib/server/route";
import { getHealth } from "@/lib/services/health";

export const dynamic = "force-dynamic";

export const GET = route({}, () => getHealth());
