-- Two tenants' customers and orders, with the values masking must never let out.
CREATE TABLE customers (
  id INT PRIMARY KEY,
  tenant_id INT NOT NULL,
  full_name VARCHAR(100) NOT NULL,
  email VARCHAR(100) NOT NULL,
  card_number VARCHAR(19),
  notes VARCHAR(500)
);
CREATE TABLE orders (
  id INT PRIMARY KEY,
  tenant_id INT NOT NULL,
  customer_id INT NOT NULL,
  total DECIMAL(10, 2) NOT NULL,
  status VARCHAR(20) NOT NULL
);
CREATE TABLE notes_copy (body VARCHAR(500));
INSERT INTO customers VALUES
  (1, 1, 'Ada Lovelace', 'ada.secret@example.com', '4111111111111111', 'prefers email'),
  (2, 2, 'Grace Hopper', 'grace.hidden@example.org', '5555555555554444', 'VIP'),
  (3, 1, 'Alan Turing', 'alan.private@example.net', '378282246310005', 'new card 6011111111111117 on file; ssn 078-05-1120'),
  (4, 2, 'Edsger Dijkstra', 'edsger.quiet@example.com', '4012888888881881', 'mail billing.dept@globex.example');
INSERT INTO orders VALUES
  (11, 1, 1, 10.00, 'paid'),
  (12, 1, 3, 20.00, 'shipped'),
  (13, 1, 1, 30.00, 'paid'),
  (21, 2, 2, 99.00, 'paid'),
  (22, 2, 4, 98.00, 'refunded');
