import { UserAdmin } from "@/components/admin/UserAdmin";
import { getT } from "@/lib/i18n/server";

export const dynamic = "force-dynamic";

export default async function UsersPage() {
  const t = await getT();
  return (
    <>
      <h1>{t("users.title")}</h1>
      <UserAdmin />
    </>
  );
}
