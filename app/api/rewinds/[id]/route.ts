import { rewindIdParams } from "@/lib/schemas";
import { route } from "@/lib/server/route";
import { getRewindView } from "@/lib/services/rewind";

export const dynamic = "force-dynamic";

/** One rewind: its preview, per-broker progress and per-queue verification. */
export const GET = route({ role: "viewer", params: rewindIdParams }, ({ params }) => getRewindView(params.id));
