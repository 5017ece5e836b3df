export function VendorHeader({
  title,
  vendorName,
  dueDate,
  recipientName,
}: {
  title: string;
  vendorName: string;
  dueDate: string;
  recipientName: string;
}) {
  return (
    <div className="vendor-header">
      <p className="hint">
        {vendorName} · due {dueDate} · signed in as {recipientName} through your personal link
      </p>
      <p className="vendor-title">{title}</p>
    </div>
  );
}
