-- The embedded demo database: a small shop with two tenants.
-- Customers carry the kinds of data Gatehouse protects: names, emails, card numbers,
-- and free-text notes that sometimes hold PII nobody meant to store.

CREATE TABLE tenants (
  id        INT PRIMARY KEY,
  name      VARCHAR(100) NOT NULL
);

CREATE TABLE customers (
  id           INT PRIMARY KEY,
  tenant_id    INT NOT NULL REFERENCES tenants(id),
  full_name    VARCHAR(200) NOT NULL,
  email        VARCHAR(200) NOT NULL,
  card_number  VARCHAR(19),
  country      CHAR(2) NOT NULL,
  notes        VARCHAR(1000),
  created_at   TIMESTAMP NOT NULL
);

CREATE TABLE products (
  id           INT PRIMARY KEY,
  name         VARCHAR(200) NOT NULL,
  price        DECIMAL(10, 2) NOT NULL
);

CREATE TABLE orders (
  id           INT AUTO_INCREMENT PRIMARY KEY,
  tenant_id    INT NOT NULL REFERENCES tenants(id),
  customer_id  INT NOT NULL REFERENCES customers(id),
  product_id   INT NOT NULL REFERENCES products(id),
  quantity     INT NOT NULL,
  total        DECIMAL(12, 2) NOT NULL,
  status       VARCHAR(20) NOT NULL,
  ordered_at   TIMESTAMP NOT NULL
);

INSERT INTO tenants VALUES (1, 'Acme Corp'), (2, 'Globex');

INSERT INTO products VALUES
  (1, 'Mechanical keyboard', 129.00),
  (2, 'USB-C dock', 89.50),
  (3, '27-inch monitor', 349.99),
  (4, 'Noise-cancelling headphones', 249.00),
  (5, 'Laptop stand', 39.90),
  (6, 'Webcam', 74.25);

INSERT INTO customers VALUES
  (1, 1, 'Ada Lovelace', 'ada.lovelace@example.org', '5555555555554444', 'US', 'Called about a late delivery; refund issued.', TIMESTAMP '2023-02-02 10:07:00'),
  (2, 2, 'Grace Hopper', 'grace.hopper@mail.example.net', '378282246310005', 'NL', 'VIP since 2019.', TIMESTAMP '2023-03-03 11:14:00'),
  (3, 1, 'Alan Turing', 'alan.turing@example.com', '4012888888881881', 'DE', 'Asked to update card on file; new card 4242424242424242.', TIMESTAMP '2023-04-04 12:21:00'),
  (4, 2, 'Edsger Dijkstra', 'edsger.dijkstra@example.org', '6011111111111117', 'FR', 'Wants invoices sent to billing4@mail.example.net.', TIMESTAMP '2023-05-05 13:28:00'),
  (5, 1, 'Barbara Liskov', 'barbara.liskov@mail.example.net', NULL, 'GB', 'Disputed a charge; SSN given by phone: 078-05-1120 (do not store!).', TIMESTAMP '2023-06-06 14:35:00'),
  (6, 2, 'Donald Knuth', 'donald.knuth@example.com', '4242424242424242', 'US', 'No notes.', TIMESTAMP '2023-07-07 15:42:00'),
  (7, 1, 'Frances Allen', 'frances.allen@example.org', '4000056655665556', 'NL', 'Moved to the enterprise plan.', TIMESTAMP '2023-08-08 16:49:00'),
  (8, 2, 'Ken Thompson', 'ken.thompson@mail.example.net', '5200828282828210', 'DE', 'Reports login trouble; reset link sent.', TIMESTAMP '2023-09-09 17:56:00'),
  (9, 1, 'Margaret Hamilton', 'margaret.hamilton@example.com', '371449635398431', 'FR', 'Pays by bank transfer: IBAN DE89370400440532013000.', TIMESTAMP '2023-10-10 09:03:00'),
  (10, 2, 'Dennis Ritchie', 'dennis.ritchie@example.org', NULL, 'GB', 'Prefers email contact.', TIMESTAMP '2023-11-11 10:10:00'),
  (11, 1, 'Radia Perlman', 'radia.perlman@mail.example.net', '3056930009020004', 'US', 'Called about a late delivery; refund issued.', TIMESTAMP '2023-12-12 11:17:00'),
  (12, 2, 'Tim Berners-Lee', 'tim.bernerslee@example.com', '4111111111111111', 'NL', 'VIP since 2019.', TIMESTAMP '2023-01-13 12:24:00'),
  (13, 1, 'Sophie Wilson', 'sophie.wilson@example.org', '5555555555554444', 'DE', 'Asked to update card on file; new card 6011111111111117.', TIMESTAMP '2023-02-14 13:31:00'),
  (14, 2, 'Linus Torvalds', 'linus.torvalds@mail.example.net', '378282246310005', 'FR', 'Wants invoices sent to billing14@example.com.', TIMESTAMP '2023-03-15 14:38:00'),
  (15, 1, 'Katherine Johnson', 'katherine.johnson@example.com', NULL, 'GB', 'Disputed a charge; SSN given by phone: 078-05-1120 (do not store!).', TIMESTAMP '2023-04-16 15:45:00'),
  (16, 2, 'John McCarthy', 'john.mccarthy@example.org', '6011111111111117', 'US', 'No notes.', TIMESTAMP '2023-05-17 16:52:00'),
  (17, 1, 'Hedy Lamarr', 'hedy.lamarr@mail.example.net', '5105105105105100', 'NL', 'Moved to the enterprise plan.', TIMESTAMP '2023-06-18 17:59:00'),
  (18, 2, 'Niklaus Wirth', 'niklaus.wirth@example.com', '4242424242424242', 'DE', 'Reports login trouble; reset link sent.', TIMESTAMP '2023-07-19 09:06:00'),
  (19, 1, 'Shafi Goldwasser', 'shafi.goldwasser@example.org', '4000056655665556', 'FR', 'Pays by bank transfer: IBAN DE89370400440532013000.', TIMESTAMP '2023-08-20 10:13:00'),
  (20, 2, 'Leslie Lamport', 'leslie.lamport@mail.example.net', NULL, 'GB', 'Prefers email contact.', TIMESTAMP '2023-09-21 11:20:00'),
  (21, 1, 'Anita Borg', 'anita.borg@example.com', '371449635398431', 'US', 'Called about a late delivery; refund issued.', TIMESTAMP '2023-10-22 12:27:00'),
  (22, 2, 'Vint Cerf', 'vint.cerf@example.org', '6011000990139424', 'NL', 'VIP since 2019.', TIMESTAMP '2023-11-23 13:34:00'),
  (23, 1, 'Joan Clarke', 'joan.clarke@mail.example.net', '3056930009020004', 'DE', 'Asked to update card on file; new card 378282246310005.', TIMESTAMP '2023-12-24 14:41:00'),
  (24, 2, 'Guido van Rossum', 'guido.vanrossum@example.com', '4111111111111111', 'FR', 'Wants invoices sent to billing24@example.org.', TIMESTAMP '2023-01-25 15:48:00');

INSERT INTO orders (tenant_id, customer_id, product_id, quantity, total, status, ordered_at) VALUES
  (1, 11, 2, 2, 179.00, 'pending', TIMESTAMP '2024-11-02 09:52:00'),
  (2, 4, 3, 3, 1049.97, 'paid', TIMESTAMP '2024-01-17 11:02:00'),
  (2, 14, 4, 1, 249.00, 'paid', TIMESTAMP '2024-04-03 16:27:00'),
  (1, 19, 1, 1, 129.00, 'pending', TIMESTAMP '2024-11-21 17:03:00'),
  (1, 19, 4, 1, 249.00, 'shipped', TIMESTAMP '2024-04-02 16:54:00'),
  (2, 10, 4, 1, 249.00, 'pending', TIMESTAMP '2024-09-04 17:19:00'),
  (2, 22, 2, 1, 89.50, 'delivered', TIMESTAMP '2024-10-19 18:12:00'),
  (2, 4, 5, 3, 119.70, 'shipped', TIMESTAMP '2024-02-19 08:39:00'),
  (2, 16, 6, 3, 222.75, 'pending', TIMESTAMP '2024-07-25 13:29:00'),
  (1, 15, 3, 2, 699.98, 'shipped', TIMESTAMP '2024-04-26 10:44:00'),
  (1, 3, 5, 2, 79.80, 'refunded', TIMESTAMP '2024-09-16 13:46:00'),
  (2, 10, 5, 1, 39.90, 'delivered', TIMESTAMP '2024-02-17 14:10:00'),
  (1, 5, 4, 2, 498.00, 'pending', TIMESTAMP '2024-01-22 09:48:00'),
  (1, 19, 3, 2, 699.98, 'pending', TIMESTAMP '2024-12-12 17:31:00'),
  (1, 15, 1, 1, 129.00, 'paid', TIMESTAMP '2024-05-16 19:42:00'),
  (2, 2, 6, 3, 222.75, 'refunded', TIMESTAMP '2024-05-21 17:43:00'),
  (2, 10, 6, 2, 148.50, 'delivered', TIMESTAMP '2024-11-12 08:29:00'),
  (2, 6, 5, 1, 39.90, 'delivered', TIMESTAMP '2024-08-02 11:49:00'),
  (1, 5, 6, 1, 74.25, 'shipped', TIMESTAMP '2024-07-13 15:05:00'),
  (1, 15, 4, 3, 747.00, 'pending', TIMESTAMP '2024-05-05 14:55:00'),
  (1, 9, 6, 2, 148.50, 'shipped', TIMESTAMP '2024-06-22 14:14:00'),
  (1, 3, 2, 1, 89.50, 'refunded', TIMESTAMP '2024-04-22 11:00:00'),
  (1, 19, 2, 2, 179.00, 'pending', TIMESTAMP '2024-05-01 10:26:00'),
  (2, 12, 5, 3, 119.70, 'pending', TIMESTAMP '2024-06-05 19:54:00'),
  (2, 20, 6, 3, 222.75, 'pending', TIMESTAMP '2024-12-02 15:57:00'),
  (1, 13, 4, 2, 498.00, 'refunded', TIMESTAMP '2024-07-04 15:40:00'),
  (2, 2, 2, 1, 89.50, 'delivered', TIMESTAMP '2024-04-15 10:07:00'),
  (2, 20, 1, 1, 129.00, 'paid', TIMESTAMP '2024-01-19 10:34:00'),
  (2, 12, 5, 1, 39.90, 'refunded', TIMESTAMP '2024-02-28 11:39:00'),
  (1, 5, 6, 2, 148.50, 'paid', TIMESTAMP '2024-06-20 13:30:00'),
  (2, 4, 4, 2, 498.00, 'shipped', TIMESTAMP '2024-08-16 12:05:00'),
  (2, 4, 6, 2, 148.50, 'shipped', TIMESTAMP '2024-12-09 15:53:00'),
  (1, 17, 1, 1, 129.00, 'pending', TIMESTAMP '2024-09-12 10:44:00'),
  (1, 1, 5, 2, 79.80, 'delivered', TIMESTAMP '2024-11-28 09:44:00'),
  (1, 17, 3, 1, 349.99, 'pending', TIMESTAMP '2024-06-25 11:34:00'),
  (1, 17, 3, 3, 1049.97, 'shipped', TIMESTAMP '2024-04-20 20:50:00'),
  (2, 8, 4, 3, 747.00, 'delivered', TIMESTAMP '2024-04-07 16:31:00'),
  (2, 24, 1, 1, 129.00, 'pending', TIMESTAMP '2024-05-16 12:12:00'),
  (2, 12, 4, 3, 747.00, 'paid', TIMESTAMP '2024-06-12 09:14:00'),
  (2, 8, 4, 1, 249.00, 'pending', TIMESTAMP '2024-06-07 15:39:00'),
  (1, 1, 4, 3, 747.00, 'paid', TIMESTAMP '2024-06-26 18:05:00'),
  (1, 13, 6, 1, 74.25, 'delivered', TIMESTAMP '2024-08-06 14:50:00'),
  (1, 3, 6, 2, 148.50, 'shipped', TIMESTAMP '2024-08-13 19:05:00'),
  (2, 6, 2, 1, 89.50, 'shipped', TIMESTAMP '2024-03-19 15:51:00'),
  (2, 20, 5, 2, 79.80, 'pending', TIMESTAMP '2024-11-12 10:35:00'),
  (1, 5, 1, 1, 129.00, 'shipped', TIMESTAMP '2024-12-21 09:33:00'),
  (2, 14, 2, 1, 89.50, 'pending', TIMESTAMP '2024-01-09 11:18:00'),
  (2, 8, 5, 2, 79.80, 'shipped', TIMESTAMP '2024-05-18 14:53:00'),
  (2, 2, 6, 2, 148.50, 'pending', TIMESTAMP '2024-08-22 17:52:00'),
  (2, 14, 5, 1, 39.90, 'paid', TIMESTAMP '2024-09-05 16:32:00'),
  (1, 15, 2, 3, 268.50, 'shipped', TIMESTAMP '2024-01-25 20:09:00'),
  (1, 5, 4, 3, 747.00, 'delivered', TIMESTAMP '2024-12-04 16:03:00'),
  (2, 22, 5, 3, 119.70, 'paid', TIMESTAMP '2024-09-16 20:49:00'),
  (2, 18, 1, 1, 129.00, 'paid', TIMESTAMP '2024-04-09 08:49:00'),
  (1, 17, 4, 3, 747.00, 'delivered', TIMESTAMP '2024-01-25 09:28:00'),
  (2, 20, 5, 3, 119.70, 'refunded', TIMESTAMP '2024-09-07 19:17:00'),
  (1, 17, 5, 2, 79.80, 'delivered', TIMESTAMP '2024-09-08 19:33:00'),
  (2, 18, 2, 2, 179.00, 'refunded', TIMESTAMP '2024-03-14 09:25:00'),
  (1, 11, 1, 3, 387.00, 'delivered', TIMESTAMP '2024-04-14 09:13:00'),
  (2, 4, 2, 3, 268.50, 'delivered', TIMESTAMP '2024-11-22 13:09:00');
