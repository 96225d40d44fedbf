export default function TemplatesPage() {
  return <h1 className="text-xl font-semibold">Image templates</h1>;
}
