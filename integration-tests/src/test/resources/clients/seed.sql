-- Two tenants' customers and orders, free-form notes, and a table no agent may read.
-- Plain SQL that H2 and PostgreSQL both run.
CREATE TABLE customers (
  id INT PRIMARY KEY,
  tenant_id INT NOT NULL,
  full_name VARCHAR(100) NOT NULL,
  email VARCHAR(100) NOT NULL,
  card_number VARCHAR(19)
);
CREATE TABLE orders (
  id INT PRIMARY KEY,
  tenant_id INT NOT NULL,
  customer_id INT NOT NULL REFERENCES customers (id),
  total DECIMAL(10, 2) NOT NULL,
  status VARCHAR(20) NOT NULL
);
CREATE TABLE order_notes (
  id INT PRIMARY KEY,
  order_id INT NOT NULL,
  body VARCHAR(500) NOT NULL
);
CREATE TABLE salaries (
  employee VARCHAR(100) PRIMARY KEY,
  amount DECIMAL(12, 2) NOT NULL
);
INSERT INTO customers VALUES
  (1, 1, 'Ada Lovelace', 'ada.lovelace@example.com', '4111111111111111'),
  (2, 2, 'Grace Hopper', 'grace.hopper@example.org', '5555555555554444'),
  (3, 1, 'Alan Turing', 'alan.turing@example.net', '378282246310005');
INSERT INTO orders VALUES
  (11, 1, 1, 10.00, 'paid'),
  (12, 1, 3, 20.00, 'shipped'),
  (13, 1, 1, 30.00, 'paid'),
  (21, 2, 2, 99.00, 'paid');
INSERT INTO salaries VALUES ('Ada Lovelace', 120000.00), ('Alan Turing', 110000.00);
